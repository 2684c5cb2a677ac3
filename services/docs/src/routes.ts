import { defineRoutes } from "../../../shared/src/http/route.ts";

const docs = ["platform"];

/** The published documentation: static files generated at build time (services/docs/build). */
export const docsRoutes = defineRoutes([
  {
    operationId: "apiReference",
    method: "GET",
    path: "/docs",
    auth: "public",
    summary: "The API reference (HTML, rendered in the browser from /openapi.json)",
    tags: docs,
    success: { status: 200, description: "HTML page" },
  },
  {
    operationId: "apiReferenceScript",
    method: "GET",
    path: "/docs/api-reference.js",
    auth: "public",
    summary: "The script that renders the API reference (served from here, so the page needs no other host)",
    tags: docs,
    success: { status: 200, description: "JavaScript" },
  },
  {
    operationId: "eventCatalog",
    method: "GET",
    path: "/docs/events",
    auth: "public",
    summary: "The event catalog (HTML): every domain event with its schema, example, producers and consumers",
    tags: docs,
    success: { status: 200, description: "HTML page" },
  },
  {
    operationId: "openApiDocument",
    method: "GET",
    path: "/openapi.json",
    auth: "public",
    summary: "This API's OpenAPI 3.1 document, generated from the request and response schemas",
    tags: docs,
    success: { status: 200, description: "OpenAPI document" },
  },
  {
    operationId: "eventCatalogDocument",
    method: "GET",
    path: "/events.json",
    auth: "public",
    summary: "The event catalog as an AsyncAPI 3.0 document, generated from the event registry",
    tags: docs,
    success: { status: 200, description: "AsyncAPI document" },
  },
]);
