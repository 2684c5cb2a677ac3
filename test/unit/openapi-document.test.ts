import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { serviceCatalog } from "../../services/catalog.ts";
import { buildApiDocuments } from "../../services/docs/build/docs-site.ts";
import { buildOpenApiDocument } from "../../shared/src/http/openapi.ts";
import type { RouteSpec } from "../../shared/src/http/route.ts";

const routes = serviceCatalog.flatMap((service) => service.routes);
const examples = Object.assign({}, ...serviceCatalog.map((service) => service.examples)) as Record<
  string,
  { request?: unknown; response?: unknown }
>;
// What GET /openapi.json serves: the build writes this same document (services/docs/build/docs-site.ts).
const document = buildApiDocuments().openApi as any;
const operationOf = (route: RouteSpec) => document.paths[route.path][route.method.toLowerCase()];
const headerNames = (route: RouteSpec) =>
  (operationOf(route).parameters ?? []).filter((p: any) => p.in === "header").map((p: any) => p.name);

describe("the OpenAPI document", () => {
  it("passes Redocly's recommended rules with no error", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "openapi-"));
    const file = path.join(dir, "openapi.json");
    writeFileSync(file, JSON.stringify(document));
    const redocly = path.resolve("node_modules/.bin/redocly");
    // Offline and quiet: no telemetry, no update check.
    const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };
    const run = await promisify(execFile)(
      redocly,
      ["lint", file, "--config", path.resolve("redocly.yaml"), "--format", "json"],
      { env },
    ).catch((error: { stdout: string; stderr: string }) => error);
    const report = JSON.parse(run.stdout) as {
      totals: { errors: number };
      problems: Array<{ ruleId: string; message: string; severity: string }>;
    };
    expect(report.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 60_000);

  it("names a server, and marks public operations with an empty security requirement", () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: expect.any(String) })]);
    for (const route of routes) {
      const security = operationOf(route).security;
      if (route.auth === "public") expect(security, route.operationId).toEqual([]);
      else if (route.auth === "machine") {
        expect(security, route.operationId).toEqual([{ machineToken: route.scopes }]);
      } else expect(security, route.operationId).toEqual([{ bearer: [] }]);
    }
  });

  it("declares the headers the middleware reads, from the route flags", () => {
    for (const route of routes) {
      const names = headerNames(route);
      expect(names.includes("Idempotency-Key"), route.operationId).toBe(route.idempotent === true);
      expect(names.includes("If-Match"), route.operationId).toBe(route.problems?.includes(412) === true);
      const tooMany = operationOf(route).responses["429"];
      if (tooMany) expect(tooMany.headers?.["Retry-After"], route.operationId).toBeDefined();
      if (route.problems?.includes(412) && route.success.schema) {
        expect(operationOf(route).responses[route.success.status].headers?.ETag, route.operationId).toBeDefined();
      }
    }
  });

  it("declares X-MFA-Code and the step-up 403 on routes flagged stepUp", () => {
    const stepUp: RouteSpec = {
      operationId: "dangerous",
      method: "POST",
      path: "/v1/dangerous",
      auth: "user",
      summary: "A sensitive operation",
      tags: ["test"],
      request: { body: () => z.strictObject({ confirm: z.literal(true) }) },
      success: { status: 202, description: "Done" },
      stepUp: true,
    };
    const op = (buildOpenApiDocument([stepUp]) as any).paths["/v1/dangerous"].post;
    expect(op.parameters).toEqual([
      expect.objectContaining({
        name: "X-MFA-Code",
        in: "header",
        schema: expect.objectContaining({ pattern: "^\\d{6}$" }),
      }),
    ]);
    expect(op.responses["403"].description).toMatch(/mfa_required.*mfa_invalid/);
  });

  it("types cursors, email fields and partial updates as the validator checks them", () => {
    const schemas = document.components.schemas;
    expect(schemas.RegisterRequest.properties.email.format).toBe("email");
    for (const route of routes) {
      const op = operationOf(route);
      const cursor = (op.parameters ?? []).find((p: any) => p.name === "cursor");
      if (cursor) expect(cursor.schema.pattern, route.operationId).toEqual(expect.any(String));
      if (route.method === "PATCH") {
        const body = op.requestBody.content["application/json"].schema;
        const resolved = body.$ref ? schemas[body.$ref.split("/").pop()] : body;
        const requiresSomething = (resolved.required ?? []).length > 0 || resolved.minProperties >= 1;
        expect(requiresSomething, route.operationId).toBe(true);
        if (!(resolved.required ?? []).length) {
          expect(route.request?.body?.().safeParse({}).success, route.operationId).toBe(false);
        }
      }
    }
  });

  it("gives every operation an example request body and an example for every response it documents", () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        for (const [type, media] of Object.entries((op.requestBody?.content ?? {}) as Record<string, any>)) {
          if (media.example === undefined) missing.push(`${where} request ${type}`);
        }
        for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
          for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, any>)) {
            if (media.example === undefined) missing.push(`${where} ${status} ${type}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it.each(
    routes.filter((route) => route.request?.body || route.success.schema).map((route) => [route.operationId, route]),
  )("%s: its examples are what its own schemas accept, unchanged", (_operationId, route) => {
    const example = examples[route.operationId];
    for (const [part, schema, value] of [
      ["request", route.request?.body?.(), example?.request],
      ["response", route.success.schema?.(), example?.response],
    ] as const) {
      if (!schema) continue;
      const parsed = schema.safeParse(value);
      expect(parsed.error?.issues ?? [], `${route.operationId} ${part}`).toEqual([]);
      // Unknown keys are stripped and values normalised: an example must already be in its canonical form.
      expect(parsed.data, `${route.operationId} ${part}`).toEqual(value);
    }
  });

  it("answers each problem status with an example problem made by the services' own constructors", () => {
    const register = document.paths["/v1/auth/register"].post;
    expect(register.responses["409"].content["application/problem+json"].example).toMatchObject({
      status: 409,
      code: expect.any(String),
      type: expect.stringContaining("/problems/"),
    });
    expect(register.responses["400"].content["application/problem+json"].example.errors).toEqual([
      expect.objectContaining({ path: "email" }),
    ]);
  });
});
