import { describe, expect, it } from "vitest";
import { api, STRONG_PASSWORD, uniqueEmail } from "../harness/api.ts";

const validRegistration = () => ({
  email: uniqueEmail("contract"),
  password: STRONG_PASSWORD,
  fullName: "Contract Test",
  accountName: "Contract",
});

describe("request validation and problem responses", () => {
  it("names each invalid field in an RFC 9457 problem", async () => {
    const response = await api("POST", "/v1/auth/register", {
      body: { email: "not-an-email", password: STRONG_PASSWORD },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.body).toMatchObject({ status: 400, code: "invalid_request", title: "Bad Request" });
    const paths = response.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["body.email", "body.fullName", "body.accountName"]));
  });

  it("rejects unknown fields", async () => {
    const response = await api("POST", "/v1/auth/register", { body: { ...validRegistration(), isAdmin: true } });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].message).toContain("isAdmin");
  });

  it("rejects unknown query parameters", async () => {
    const response = await api("GET", "/v1/health?verbose=1");
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe("query");
  });

  it("answers a body over 64 KiB with 413", async () => {
    const response = await api("POST", "/v1/auth/register", {
      body: { ...validRegistration(), fullName: "x".repeat(70 * 1024) },
    });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe("body_too_large");
  });

  it("answers malformed JSON with 400 and a non-JSON content type with 415", async () => {
    const malformed = await api("POST", "/v1/auth/login", {
      rawBody: '{"username": "a",',
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe("invalid_json");
    const form = await api("POST", "/v1/auth/login", {
      rawBody: "username=a&password=b",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
  });

  it("answers a missing body with 400, never 5xx", async () => {
    const response = await api("POST", "/v1/auth/login");
    expect(response.status).toBe(400);
  });

  it("answers unknown routes with 404 and wrong methods with 405, as problems", async () => {
    expect((await api("GET", "/v1/nothing-here")).status).toBe(404);
    const wrongMethod = await api("DELETE", "/v1/auth/login");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("platform endpoints", () => {
  it("answers health from memory, and reports every dependency healthy when asked to check deeply", async () => {
    const shallow = await api("GET", "/v1/health");
    expect(shallow.status).toBe(200);
    expect(shallow.body).toEqual({ status: "ok" });
    const deep = await api("GET", "/v1/health?deep=true");
    expect(deep.status).toBe(200);
    expect(deep.body).toEqual({ status: "ok", dependencies: { table: "ok", identityProvider: "ok" } });
    expect((await api("GET", "/v1/health?deep=maybe")).status).toBe(400);
  });

  it("serves an OpenAPI 3.1 document generated from the route schemas, and a readable reference", async () => {
    const document = await api("GET", "/openapi.json");
    expect(document.body.openapi).toBe("3.1.0");
    const register = document.body.paths["/v1/auth/register"].post;
    const bodyRef: string = register.requestBody.content["application/json"].schema.$ref;
    const bodySchema = document.body.components.schemas[bodyRef.replace("#/components/schemas/", "")];
    expect(bodySchema.additionalProperties).toBe(false);
    expect(bodySchema.required).toEqual(expect.arrayContaining(["email", "password", "fullName", "accountName"]));
    expect(document.body.paths["/v1/me"].get.security).toEqual([{ bearer: [] }]);
    const docs = await api("GET", "/docs");
    expect(docs.headers.get("content-type")).toContain("text/html");
    // Rendered in the browser from the document (test/integration/docs.test.ts looks at the result).
    expect(docs.body).toContain('"url":"/openapi.json"');
  });

  it("lists sent messages in the dev outbox as HTML too", async () => {
    const page = await api("GET", "/dev/outbox");
    expect(page.status).toBe(200);
    expect(page.body).toContain("Dev outbox");
  });
});
