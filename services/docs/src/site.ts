/**
 * The files of the documentation site, by the operation that serves each: written by the build
 * (services/docs/build/docs-site.ts), read by the docs function. The one place their names live.
 */
export const docsSiteFiles = {
  apiReference: { file: "index.html", contentType: "text/html; charset=utf-8" },
  apiReferenceScript: { file: "api-reference.js", contentType: "text/javascript; charset=utf-8" },
  eventCatalog: { file: "events.html", contentType: "text/html; charset=utf-8" },
  openApiDocument: { file: "openapi.json", contentType: "application/json" },
  eventCatalogDocument: { file: "events.json", contentType: "application/json" },
} as const;

export type DocsSiteOperation = keyof typeof docsSiteFiles;

/** The folder the function bundle carries the site in, beside its code. */
export const DOCS_SITE_FOLDER = "docs-site";
