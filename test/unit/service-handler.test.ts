import type { Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { authContextFromClaims } from "../../shared/src/auth/auth-context.ts";
import { Problem } from "../../shared/src/http/problem.ts";
import { defineRoutes } from "../../shared/src/http/route.ts";
import { createServiceHandler } from "../../shared/src/http/service-handler.ts";
import { createLogger } from "../../shared/src/observability/logger.ts";

const routes = defineRoutes([
  {
    operationId: "echo",
    method: "POST",
    path: "/v1/things/{thingId}",
    auth: "user",
    summary: "echo",
    tags: ["test"],
    request: {
      params: () => z.strictObject({ thingId: z.string().length(4) }),
      body: () => z.strictObject({ name: z.string().min(1) }),
    },
    success: { status: 201, description: "ok" },
  },
  {
    operationId: "admin",
    method: "GET",
    path: "/v1/admin",
    auth: "platform-admin",
    summary: "admin",
    tags: ["test"],
    success: { status: 200, description: "ok" },
  },
  {
    operationId: "conflict",
    method: "GET",
    path: "/v1/conflict",
    auth: "public",
    summary: "always 409",
    tags: ["test"],
    success: { status: 200, description: "ok" },
  },
]);

const handler = createServiceHandler({
  routes,
  logger: createLogger("test"),
  operations: {
    echo: async ({ body, params, auth }) => ({ body: { ...body, ...params, userId: auth.userId } }),
    admin: async () => ({ body: { ok: true } }),
    conflict: async () => {
      throw new Problem(409, "already_member", "Already a member.");
    },
  },
});

const event = (
  routeKey: string,
  options: { body?: string; params?: Record<string, string>; groups?: string[]; claims?: boolean } = {},
) => ({
  version: "2.0",
  routeKey,
  rawPath: "/",
  rawQueryString: "",
  headers: { "content-type": "application/json" },
  ...(options.params ? { pathParameters: options.params } : {}),
  ...(options.body !== undefined ? { body: options.body } : {}),
  isBase64Encoded: false,
  requestContext: {
    requestId: "r1",
    http: { method: routeKey.split(" ")[0], path: "/", sourceIp: "10.0.0.1", userAgent: "test", protocol: "HTTP/1.1" },
    ...(options.claims === false
      ? {}
      : {
          authorizer: {
            jwt: {
              claims: { sub: "user-1", token_use: "access", "cognito:groups": `[${(options.groups ?? []).join(" ")}]` },
            },
          },
        }),
  },
});

const call = async (e: ReturnType<typeof event>) => {
  const response = await handler(e as never, {} as Context);
  return { status: response?.statusCode, body: response?.body ? JSON.parse(response.body) : undefined };
};

describe("service handler", () => {
  it("validates, authenticates and answers with the route's success status", async () => {
    const result = await call(
      event("POST /v1/things/{thingId}", { params: { thingId: "t123" }, body: '{"name":"x"}' }),
    );
    expect(result).toEqual({ status: 201, body: { name: "x", thingId: "t123", userId: "user-1" } });
  });

  it("reports every invalid part at once", async () => {
    const result = await call(
      event("POST /v1/things/{thingId}", { params: { thingId: "long-id" }, body: '{"name":"","extra":1}' }),
    );
    expect(result.status).toBe(400);
    expect(result.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      "body",
      "body.name",
      "params.thingId",
    ]);
  });

  it("refuses protected routes without verified claims", async () => {
    const result = await call(
      event("POST /v1/things/{thingId}", { params: { thingId: "t123" }, body: '{"name":"x"}', claims: false }),
    );
    expect(result.status).toBe(401);
  });

  it("lets only platform admins into platform-admin routes", async () => {
    expect((await call(event("GET /v1/admin"))).status).toBe(403);
    expect((await call(event("GET /v1/admin", { groups: ["platform-admins"] }))).status).toBe(200);
  });

  it("renders domain problems as problem+json", async () => {
    const response = await handler(event("GET /v1/conflict", { claims: false }) as never, {} as Context);
    expect(response?.statusCode).toBe(409);
    expect(response?.headers?.["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(response?.body ?? "{}")).toMatchObject({
      status: 409,
      code: "already_member",
      title: "Conflict",
    });
  });
});

describe("auth context", () => {
  it("reads groups as API Gateway renders them and as arrays", () => {
    expect(
      authContextFromClaims({ sub: "u", token_use: "access", "cognito:groups": "[platform-admins other]" })
        ?.isPlatformAdmin,
    ).toBe(true);
    expect(
      authContextFromClaims({ sub: "u", token_use: "access", "cognito:groups": ["platform-admins"] })?.isPlatformAdmin,
    ).toBe(true);
    expect(authContextFromClaims({ sub: "u", token_use: "access" })?.groups).toEqual([]);
  });
  it("accepts access tokens only", () => {
    expect(authContextFromClaims({ sub: "u", token_use: "id" })).toBeUndefined();
  });
});
