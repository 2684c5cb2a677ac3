import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { escapeHtml } from "./html.ts";
import type { RouteSpec } from "./route.ts";
import { problemSchema } from "./schemas.ts";

const commonProblems: Record<number, string> = {
  400: "Invalid request (see `errors`)",
  401: "Missing or invalid credentials",
  413: "Body larger than 64 KiB",
};
const problemDescriptions: Record<number, string> = {
  403: "Forbidden (see `code`)",
  404: "Not found or no access",
  409: "Conflict with the current state (see `code`)",
  410: "Link expired, used or revoked",
  412: "Stale If-Match",
  415: "The body is not application/json",
  422: "Business rule violated (see `code`)",
  429: "Rate limited; see Retry-After",
  503: "A dependency is failing",
};

const IDEMPOTENCY_KEY_PATTERN = "^[\\x21-\\x7e]{1,255}$";
const ETAG_PATTERN = '^(\\*|(W/)?"\\d+")$';

/** Routes that honour `If-Match` document `412`; their reads and writes carry the resource's `ETag`. */
const honoursIfMatch = (route: RouteSpec) => route.problems?.includes(412) ?? false;

/** The problems a route can answer with: the common ones, its own, and those its flags imply. */
const problemStatusesOf = (route: RouteSpec): number[] => {
  const statuses = new Set([...Object.keys(commonProblems).map(Number), ...(route.problems ?? [])]);
  if (route.request?.body || route.request?.form) statuses.add(415);
  // A retry while the first request runs is 409; the same key with another body is 422.
  if (route.idempotent) for (const status of [409, 422]) statuses.add(status);
  if (route.stepUp) statuses.add(403);
  return [...statuses].sort((a, b) => a - b);
};

/** Request headers the middleware reads for a route, generated from its flags. */
const requestHeadersOf = (route: RouteSpec) => {
  const headers: Record<string, z.ZodType> = {};
  if (route.idempotent) {
    headers["Idempotency-Key"] = z
      .string()
      .meta({
        pattern: IDEMPOTENCY_KEY_PATTERN,
        description:
          "Any unique string (e.g. a UUID): a retry with the same key and body within 24 h gets the first response again (header Idempotent-Replayed: true); the same key with another body is 422",
      })
      .optional();
  }
  if (honoursIfMatch(route)) {
    headers["If-Match"] = z
      .string()
      .meta({
        pattern: ETAG_PATTERN,
        description: "The `ETag` you read: the change is refused with 412 if it moved on",
      })
      .optional();
  }
  if (route.stepUp) {
    headers["X-MFA-Code"] = z
      .string()
      .regex(/^\d{6}$/)
      .meta({
        description: "A current TOTP code; required when the caller has MFA on (else 403 mfa_required or mfa_invalid)",
      })
      .optional();
  }
  return Object.keys(headers).length > 0 ? z.object(headers) : undefined;
};

const etagHeader = {
  ETag: { description: "Version of the resource, for If-Match", schema: { type: "string" as const } },
};
const retryAfterHeader = {
  "Retry-After": {
    description: "Seconds to wait before trying again",
    schema: { type: "integer" as const, minimum: 0 },
  },
};

/** The OpenAPI 3.1 document of the whole API, generated from the routes' zod schemas. */
export const buildOpenApiDocument = (routes: readonly RouteSpec[], serverUrl?: string) => {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  // A read of a path whose writes honour If-Match returns the ETag to send back.
  const pathsWithEtag = new Set(routes.filter(honoursIfMatch).map((route) => route.path));

  for (const route of routes) {
    const headers = requestHeadersOf(route);
    const returnsEtag =
      route.success.schema !== undefined &&
      (honoursIfMatch(route) || (route.method === "GET" && pathsWithEtag.has(route.path)));
    registry.registerPath({
      method: route.method.toLowerCase() as "get",
      path: route.path,
      operationId: route.operationId,
      summary: route.summary,
      ...(route.stepUp ? { description: "Step-up: needs `X-MFA-Code` when the caller has MFA on." } : {}),
      tags: route.tags,
      security: route.auth === "public" ? [] : [{ [bearer.name]: [] }],
      // Sensitive operations (SPEC 6.1 step-up) are marked so clients know to ask for a TOTP code.
      ...(route.stepUp ? { "x-step-up": true } : {}),
      request: {
        ...(route.request?.params ? { params: route.request.params } : {}),
        ...(route.request?.query ? { query: route.request.query } : {}),
        ...(headers ? { headers } : {}),
        ...(route.request?.body
          ? { body: { required: true, content: { "application/json": { schema: route.request.body } } } }
          : {}),
        ...(route.request?.form
          ? {
              body: {
                required: false,
                content: {
                  "application/x-www-form-urlencoded": { schema: route.request.form },
                  "application/json": { schema: route.request.form },
                },
              },
            }
          : {}),
      },
      responses: {
        [route.success.status]: {
          description: route.success.description,
          ...(returnsEtag ? { headers: etagHeader } : {}),
          ...(route.success.schema ? { content: { "application/json": { schema: route.success.schema } } } : {}),
        },
        ...Object.fromEntries(
          problemStatusesOf(route).map((status) => [
            status,
            {
              description:
                status === 403 && route.stepUp
                  ? "Forbidden (see `code`; `mfa_required` or `mfa_invalid` when the step-up code is missing or wrong)"
                  : (commonProblems[status] ?? problemDescriptions[status] ?? "Problem"),
              ...(status === 429 ? { headers: retryAfterHeader } : {}),
              content: { "application/problem+json": { schema: problemSchema } },
            },
          ]),
        ),
      },
    });
  }

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Tenantry API",
      version: "1.0.0",
      description:
        "Accounts, sub-accounts, partner-managed accounts, members, roles, rights, invitations, privacy and notifications.",
      license: { name: "Proprietary", url: "https://docs.tenantry.example/terms" },
    },
    // A relative URL: the document is served by the API it describes, on whatever host that is.
    servers: [{ url: serverUrl ?? "/", description: "This API" }],
  });
};

type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

/** A self-contained, readable API reference (no scripts, nothing fetched from elsewhere). */
export const renderApiReference = (document: OpenApiDocument): string => {
  const sections = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Record<string, unknown>>).map(([method, op]) => {
      const responses = Object.entries((op.responses ?? {}) as Record<string, { description?: string }>)
        .map(([status, response]) => `<li><code>${escapeHtml(status)}</code> ${escapeHtml(response.description)}</li>`)
        .join("");
      const body = (op.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content?.[
        "application/json"
      ]?.schema;
      return `<section id="${escapeHtml(op.operationId)}"><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary)}${(op.security as unknown[] | undefined)?.length ? " <em>(bearer token)</em>" : " <em>(public)</em>"}${op["x-step-up"] ? " <em>(step-up: <code>X-MFA-Code</code> when MFA is on)</em>" : ""}</p>
${body ? `<details><summary>Request body</summary><pre>${escapeHtml(JSON.stringify(body, null, 2))}</pre></details>` : ""}
<ul>${responses}</ul></section>`;
    }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)} reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem}section{border-top:1px solid #ddd;padding:.5rem 0}
.m{font-weight:700;padding:0 .3rem;border-radius:3px;color:#fff;background:#555}.get{background:#2a7}.post{background:#27a}.patch,.put{background:#a72}.delete{background:#a22}
pre{background:#f6f6f6;padding:.5rem;overflow:auto}</style></head><body>
<h1>${escapeHtml(document.info.title)} ${escapeHtml(document.info.version)}</h1><p>${escapeHtml(document.info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a>. Errors are RFC 9457 <code>application/problem+json</code>.</p>
${sections.join("\n")}</body></html>`;
};
