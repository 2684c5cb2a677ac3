import { describe, expect, it } from "vitest";
import { corsPolicy } from "../../shared/src/http/cors.ts";
import { api, registerVerifiedUser } from "../harness/api.ts";

// The global setup leaves CORS_ALLOWED_ORIGINS at its default: a portal's dev server.
const PORTAL = "http://localhost:5173";
const STRANGER = "https://evil.example";

const listOf = (value: string | null) => (value ?? "").split(/,\s*/).filter(Boolean);

const preflight = (path: string, origin: string, method = "PATCH") =>
  api("OPTIONS", path, {
    headers: {
      origin,
      "access-control-request-method": method,
      "access-control-request-headers": "authorization, content-type, if-match, idempotency-key, x-mfa-code",
    },
  });

const corsHeaderNames = (headers: Headers) => [...headers.keys()].filter((name) => name.startsWith("access-control-"));

describe("CORS preflight", () => {
  it("answers an allowed origin's preflight with the methods and every header the API reads", async () => {
    const response = await preflight("/v1/accounts/01JABCDEFGHJKMNPQRSTVWXYZ0", PORTAL);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(PORTAL);
    expect(listOf(response.headers.get("access-control-allow-methods"))).toEqual(
      expect.arrayContaining(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    );
    expect(listOf(response.headers.get("access-control-allow-headers"))).toEqual(
      expect.arrayContaining(["authorization", "content-type", "if-match", "idempotency-key", "x-mfa-code"]),
    );
    expect(Number(response.headers.get("access-control-max-age"))).toBe(corsPolicy.maxAgeSeconds);
    expect(listOf(response.headers.get("vary"))).toContain("origin");
    // Tokens go in Authorization, never cookies: credentials stay off.
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("answers an allowed origin's preflight before the authorizer, as API Gateway does", async () => {
    // A protected route and no token: the preflight itself never carries one.
    const response = await preflight("/v1/me", PORTAL, "GET");
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(PORTAL);
  });

  it("gives a disallowed origin no CORS headers, only the plain OPTIONS answer", async () => {
    const response = await preflight("/v1/accounts/01JABCDEFGHJKMNPQRSTVWXYZ0", STRANGER);
    expect(response.status).toBe(204);
    expect(corsHeaderNames(response.headers)).toEqual([]);
    expect(listOf(response.headers.get("allow"))).toEqual(expect.arrayContaining(["GET", "PATCH", "OPTIONS"]));
  });

  it("matches the origin exactly: another port or scheme of an allowed host is refused", async () => {
    for (const origin of ["http://localhost:5174", "https://localhost:5173", `${PORTAL}.evil.example`]) {
      const response = await preflight("/v1/me", origin, "GET");
      expect(corsHeaderNames(response.headers), origin).toEqual([]);
    }
  });
});

describe("CORS on actual requests", () => {
  it("lets an allowed origin read the answer and the headers it needs (ETag, rate limits)", async () => {
    const owner = await registerVerifiedUser();
    const account = await api("GET", `/v1/accounts/${owner.accountId}`, {
      token: owner.accessToken,
      headers: { origin: PORTAL },
    });
    expect(account.status).toBe(200);
    expect(account.headers.get("etag")).toBe('W/"1"');
    expect(account.headers.get("access-control-allow-origin")).toBe(PORTAL);
    const exposed = listOf(account.headers.get("access-control-expose-headers"));
    expect(exposed).toEqual(
      expect.arrayContaining([
        "etag",
        "location",
        "retry-after",
        "ratelimit-limit",
        "ratelimit-remaining",
        "ratelimit-reset",
        "idempotent-replayed",
      ]),
    );

    const signIn = await api("POST", "/v1/auth/login", {
      body: { username: owner.email, password: owner.password },
      headers: { origin: PORTAL },
    });
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get("ratelimit-remaining")).not.toBeNull();
    expect(signIn.headers.get("access-control-allow-origin")).toBe(PORTAL);
  });

  it("carries the CORS headers on problems too, so a portal can show the error", async () => {
    const unauthenticated = await api("GET", "/v1/me", { headers: { origin: PORTAL } });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("access-control-allow-origin")).toBe(PORTAL);
  });

  it("sends a disallowed origin the answer without any CORS header", async () => {
    const owner = await registerVerifiedUser();
    const account = await api("GET", `/v1/accounts/${owner.accountId}`, {
      token: owner.accessToken,
      headers: { origin: STRANGER },
    });
    expect(account.status).toBe(200);
    expect(corsHeaderNames(account.headers)).toEqual([]);
    expect(listOf(account.headers.get("vary"))).toContain("origin");
  });

  it("adds nothing for a request without Origin (a server or curl)", async () => {
    const response = await api("GET", "/v1/health");
    expect(corsHeaderNames(response.headers)).toEqual([]);
  });
});
