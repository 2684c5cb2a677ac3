import { describe, expect, it } from "vitest";
import { loadLocalConfig } from "../../local/local-config.ts";
import { corsHeadersFor, originListSchema } from "../../shared/src/http/cors.ts";

describe("allowed origins", () => {
  it("reads a comma-separated list of origins, empty meaning none", () => {
    expect(originListSchema.parse("https://app.example.com, http://localhost:5173")).toEqual([
      "https://app.example.com",
      "http://localhost:5173",
    ]);
    expect(originListSchema.parse("")).toEqual([]);
  });

  it.each([
    "*",
    "https://app.example.com/",
    "https://app.example.com/portal",
    "ftp://files.example.com",
    "app.example.com",
  ])("refuses %j, which is not an origin a browser sends", (value) => {
    expect(originListSchema.safeParse(value).success).toBe(false);
  });

  it("allows the portal dev server locally unless CORS_ALLOWED_ORIGINS says otherwise", () => {
    expect(loadLocalConfig({}).CORS_ALLOWED_ORIGINS).toEqual(["http://localhost:5173"]);
    expect(loadLocalConfig({ CORS_ALLOWED_ORIGINS: "" }).CORS_ALLOWED_ORIGINS).toEqual([]);
    expect(() => loadLocalConfig({ CORS_ALLOWED_ORIGINS: "https://a.example/x" })).toThrow(/CORS_ALLOWED_ORIGINS/);
  });
});

describe("CORS headers", () => {
  const allowed = ["https://app.example.com"];

  it("names the origin back only when it is allowed", () => {
    expect(corsHeadersFor("https://app.example.com", allowed, false)).toMatchObject({
      "access-control-allow-origin": "https://app.example.com",
      "access-control-expose-headers": expect.stringContaining("etag"),
    });
    expect(corsHeadersFor("https://other.example.com", allowed, false)).toEqual({ vary: "origin" });
    expect(corsHeadersFor(undefined, allowed, true)).toEqual({ vary: "origin" });
  });

  it("answers a preflight with methods, headers and max age instead of exposed headers", () => {
    const headers = corsHeadersFor("https://app.example.com", allowed, true);
    expect(headers["access-control-allow-headers"]).toContain("idempotency-key");
    expect(headers["access-control-allow-methods"]).toContain("PATCH");
    expect(headers).not.toHaveProperty("access-control-expose-headers");
  });
});
