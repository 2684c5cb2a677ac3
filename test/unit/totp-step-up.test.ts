import type { Context } from "aws-lambda";
import { generateSync } from "otplib";
import { describe, expect, it } from "vitest";
import { defineRoutes } from "../../shared/src/http/route.ts";
import { createServiceHandler } from "../../shared/src/http/service-handler.ts";
import { checkTotpCode, newTotpSecret, otpauthUri, timeStepAt } from "../../shared/src/mfa/totp.ts";
import type { TotpFactor, TotpFactors } from "../../shared/src/mfa/totp-factors.ts";
import { createLogger } from "../../shared/src/observability/logger.ts";

const secret = newTotpSecret();
const T0 = new Date("2026-03-01T12:00:05Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const codeAt = (moment: Date) => generateSync({ secret, epoch: Math.floor(moment.getTime() / 1000) });

describe("TOTP code rules (fake clock)", () => {
  it("accepts the current step's code and reports that step", () => {
    expect(checkTotpCode(secret, codeAt(T0), T0)).toEqual({ valid: true, timeStep: timeStepAt(T0) });
  });

  it("tolerates one step of clock drift either way, not two", () => {
    expect(checkTotpCode(secret, codeAt(at(-30)), T0)).toEqual({ valid: true, timeStep: timeStepAt(T0) - 1 });
    expect(checkTotpCode(secret, codeAt(at(30)), T0)).toEqual({ valid: true, timeStep: timeStepAt(T0) + 1 });
    expect(checkTotpCode(secret, codeAt(at(-60)), T0).valid).toBe(false);
    expect(checkTotpCode(secret, codeAt(at(60)), T0).valid).toBe(false);
  });

  it("refuses a code of a step already used, or of an earlier one, but takes a later one", () => {
    const used = timeStepAt(T0);
    expect(checkTotpCode(secret, codeAt(T0), T0, used).valid).toBe(false);
    expect(checkTotpCode(secret, codeAt(at(-30)), T0, used).valid).toBe(false);
    expect(checkTotpCode(secret, codeAt(at(30)), T0, used)).toEqual({ valid: true, timeStep: used + 1 });
  });

  it("refuses anything but six digits, and another secret's code", () => {
    for (const code of ["", "12345", "1234567", "12a456", " 123456"]) {
      expect(checkTotpCode(secret, code, T0).valid).toBe(false);
    }
    const other = generateSync({ secret: newTotpSecret(), epoch: Math.floor(T0.getTime() / 1000) });
    expect(checkTotpCode(secret, other, T0).valid).toBe(other === codeAt(T0));
  });

  it("builds the otpauth URI authenticator apps scan", () => {
    const uri = otpauthUri({ secret, label: "ada@example.com", issuer: "Tenantry" });
    expect(uri).toMatch(/^otpauth:\/\/totp\/Tenantry:ada(%40|@)example\.com\?/);
    expect(new URL(uri).searchParams.get("secret")).toBe(secret);
    expect(new URL(uri).searchParams.get("issuer")).toBe("Tenantry");
  });
});

/** In-memory factors with the table adapter's rule: a code is spent by moving lastUsedStep forward. */
const fakeFactors = (factor: TotpFactor | undefined) => {
  let reads = 0;
  const factors = {
    async get() {
      reads += 1;
      return factor ? { ...factor } : undefined;
    },
    async spendCode(current: TotpFactor, code: string, now: Date) {
      const check = checkTotpCode(secret, code, now, current.lastUsedStep);
      if (!check.valid || !factor || (factor.lastUsedStep ?? -1) >= check.timeStep) return "invalid" as const;
      factor.lastUsedStep = check.timeStep;
      return "accepted" as const;
    },
  } as unknown as TotpFactors;
  return { factors, reads: () => reads };
};

const routes = defineRoutes([
  {
    operationId: "sensitive",
    method: "POST",
    path: "/v1/sensitive",
    auth: "user",
    summary: "a step-up route",
    tags: ["test"],
    stepUp: true,
    success: { status: 204, description: "done" },
  },
  {
    operationId: "ordinary",
    method: "GET",
    path: "/v1/ordinary",
    auth: "user",
    summary: "no step-up",
    tags: ["test"],
    success: { status: 200, description: "ok" },
  },
]);

const handlerWith = (factor: TotpFactor | undefined, now: () => Date) => {
  const fake = fakeFactors(factor);
  const handler = createServiceHandler({
    routes,
    logger: createLogger("test"),
    stepUp: { factors: fake.factors, now },
    operations: { sensitive: async () => ({}), ordinary: async () => ({ body: { ok: true } }) },
  });
  const call = async (routeKey: string, headers: Record<string, string> = {}) => {
    const response = await handler(
      {
        version: "2.0",
        routeKey,
        rawPath: "/",
        rawQueryString: "",
        headers,
        isBase64Encoded: false,
        requestContext: {
          requestId: "r1",
          http: {
            method: routeKey.split(" ")[0],
            path: "/",
            sourceIp: "10.0.0.1",
            userAgent: "t",
            protocol: "HTTP/1.1",
          },
          authorizer: { jwt: { claims: { sub: "user-1", token_use: "access" } } },
        },
      } as never,
      {} as Context,
    );
    return { status: response?.statusCode, code: response?.body ? JSON.parse(response.body).code : undefined };
  };
  return { call, reads: fake.reads };
};

const enabled = (): TotpFactor => ({ userId: "user-1", status: "enabled", sealedSecret: "sealed" });

describe("step-up middleware", () => {
  it("lets a user without MFA (or with enrolment pending) through without a code", async () => {
    expect((await handlerWith(undefined, () => T0).call("POST /v1/sensitive")).status).toBe(204);
    const pending: TotpFactor = { ...enabled(), status: "pending" };
    expect((await handlerWith(pending, () => T0).call("POST /v1/sensitive")).status).toBe(204);
  });

  it("with MFA on: missing → mfa_required, wrong → mfa_invalid, current → through, replayed → mfa_invalid", async () => {
    let now = T0;
    const { call } = handlerWith(enabled(), () => now);
    expect(await call("POST /v1/sensitive")).toEqual({ status: 403, code: "mfa_required" });
    expect(await call("POST /v1/sensitive", { "x-mfa-code": "000000" })).toEqual({ status: 403, code: "mfa_invalid" });
    const code = codeAt(T0);
    expect((await call("POST /v1/sensitive", { "x-mfa-code": code })).status).toBe(204);
    expect(await call("POST /v1/sensitive", { "x-mfa-code": code })).toEqual({ status: 403, code: "mfa_invalid" });
    // Still refused a step later, while the code would otherwise be within the drift window.
    now = at(30);
    expect(await call("POST /v1/sensitive", { "x-mfa-code": code })).toEqual({ status: 403, code: "mfa_invalid" });
    expect((await call("POST /v1/sensitive", { "x-mfa-code": codeAt(now) })).status).toBe(204);
  });

  it("refuses an expired code", async () => {
    const { call } = handlerWith(enabled(), () => at(120));
    expect(await call("POST /v1/sensitive", { "x-mfa-code": codeAt(T0) })).toEqual({
      status: 403,
      code: "mfa_invalid",
    });
  });

  it("reads the caller's factor only on step-up routes", async () => {
    const { call, reads } = handlerWith(enabled(), () => T0);
    expect((await call("GET /v1/ordinary")).status).toBe(200);
    expect(reads()).toBe(0);
    await call("POST /v1/sensitive");
    expect(reads()).toBe(1);
  });

  it("refuses to build a handler whose step-up routes have no factors to check", () => {
    expect(() =>
      createServiceHandler({
        routes,
        logger: createLogger("test"),
        operations: { sensitive: async () => ({}), ordinary: async () => ({}) },
      }),
    ).toThrow(/step-up/);
  });
});
