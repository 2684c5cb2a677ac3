import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { escapeHtml } from "./html.ts";
import type { RouteSpec } from "./route.ts";
import { problemSchema } from "./schemas.ts";
import { stepUpHeaders } from "./step-up-schema.ts";

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
  422: "Business rule violated (see `code`)",
  429: "Rate limited; see Retry-After",
  503: "A dependency is failing",
};

/** The OpenAPI 3.1 document of the whole API, generated from the routes' zod schemas. */
export const buildOpenApiDocument = (routes: readonly RouteSpec[], serverUrl?: string) => {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });

  for (const route of routes) {
    const problemStatuses = [
      ...new Set([
        ...Object.keys(commonProblems).map(Number),
        ...(route.problems ?? []),
        ...(route.stepUp ? [403] : []),
      ]),
    ];
    registry.registerPath({
      method: route.method.toLowerCase() as "get",
      path: route.path,
      operationId: route.operationId,
      summary: route.summary,
      tags: route.tags,
      ...(route.auth === "public" ? {} : { security: [{ [bearer.name]: [] }] }),
      // Sensitive operations (SPEC 6.1 step-up) are marked so clients know to ask for a TOTP code.
      ...(route.stepUp ? { "x-step-up": true } : {}),
      request: {
        ...(route.stepUp ? { headers: stepUpHeaders } : {}),
        ...(route.request?.params ? { params: route.request.params } : {}),
        ...(route.request?.query ? { query: route.request.query } : {}),
        ...(route.request?.body
          ? { body: { required: true, content: { "application/json": { schema: route.request.body } } } }
          : {}),
      },
      responses: {
        [route.success.status]: {
          description: route.success.description,
          ...(route.success.schema ? { content: { "application/json": { schema: route.success.schema } } } : {}),
        },
        ...Object.fromEntries(
          problemStatuses.map((status) => [
            status,
            {
              description: commonProblems[status] ?? problemDescriptions[status] ?? "Problem",
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
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
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
<p>${escapeHtml(op.summary)}${op.security ? " <em>(bearer token)</em>" : " <em>(public)</em>"}${op["x-step-up"] ? " <em>(step-up: <code>X-MFA-Code</code> when MFA is on)</em>" : ""}</p>
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
