import { describe, expect, it } from "vitest";
import {
  type ApiResponse,
  addManagedMember,
  api,
  inviteNewMember,
  registerVerifiedUser,
  type TestUser,
} from "../harness/api.ts";
import type { Authenticator } from "./mfa-fixtures.ts";
import { signInWithTotp, turnOnTotp } from "./mfa-fixtures.ts";
import { registerPlatformAdmin } from "./privacy-fixtures.ts";

interface SensitiveCall {
  /** Calls the route with the given extra headers. */
  call(headers: Record<string, string>): Promise<ApiResponse>;
  success: number;
  /** False where success turns MFA off: a replay then needs no code at all. */
  mfaStaysOn?: boolean;
}

/** An owner with TOTP on, signed in again through the challenge (as a real user would be). */
const ownerWithTotp = async (user?: TestUser): Promise<{ user: TestUser; device: Authenticator; token: string }> => {
  const owner = user ?? (await registerVerifiedUser());
  const device = await turnOnTotp(owner);
  const tokens = await signInWithTotp(owner.email, owner.password, device);
  return { user: owner, device, token: tokens.accessToken };
};

/** Each kind of sensitive operation of SPEC 6.1, set up for a fresh owner with TOTP on. */
const sensitiveOperations: Record<string, () => Promise<SensitiveCall & { device: Authenticator }>> = {
  "owner transfer": async () => {
    const { user, device, token } = await ownerWithTotp();
    const admin = await inviteNewMember(user.accessToken, user.accountId, "admin");
    return {
      device,
      success: 200,
      call: (headers) =>
        api("POST", `/v1/accounts/${user.accountId}/owner-transfer`, {
          token,
          headers,
          body: { userId: admin.userId },
        }),
    };
  },
  "account delete": async () => {
    const { user, device, token } = await ownerWithTotp();
    return {
      device,
      success: 204,
      call: (headers) => api("DELETE", `/v1/accounts/${user.accountId}`, { token, headers }),
    };
  },
  "password-reset link for another user": async () => {
    const { user, device, token } = await ownerWithTotp();
    const managed = await addManagedMember(user.accessToken, user.accountId, "standard");
    return {
      device,
      success: 201,
      call: (headers) =>
        api("POST", `/v1/accounts/${user.accountId}/members/${managed.userId}/password-reset-link`, {
          token,
          headers,
          body: {},
        }),
    };
  },
  "data export": async () => {
    const { device, token } = await ownerWithTotp();
    return { device, success: 202, call: (headers) => api("POST", "/v1/me/privacy/exports", { token, headers }) };
  },
  "deletion request": async () => {
    const { device, token } = await ownerWithTotp();
    return { device, success: 202, call: (headers) => api("POST", "/v1/me/privacy/deletion", { token, headers }) };
  },
  "provider-support owner transfer": async () => {
    const customer = await registerVerifiedUser();
    const admin = await inviteNewMember(customer.accessToken, customer.accountId, "admin");
    const support = await registerPlatformAdmin();
    const { device, token } = await ownerWithTotp(support);
    return {
      device,
      success: 200,
      call: (headers) =>
        api("POST", `/v1/platform/accounts/${customer.accountId}/owner-transfer`, {
          token,
          headers,
          body: { userId: admin.userId },
        }),
    };
  },
  "MFA off": async () => {
    const { device, token } = await ownerWithTotp();
    return {
      device,
      success: 204,
      mfaStaysOn: false,
      call: (headers) => api("DELETE", "/v1/me/mfa/totp", { token, headers }),
    };
  },
};

describe("step-up on sensitive operations", () => {
  it.each(Object.keys(sensitiveOperations))("%s: missing, wrong and replayed codes are refused", async (name) => {
    const operation = await (sensitiveOperations[name] as () => Promise<SensitiveCall & { device: Authenticator }>)();
    const missing = await operation.call({});
    expect(missing.status).toBe(403);
    expect(missing.body.code).toBe("mfa_required");

    const wrong = await operation.call({ "x-mfa-code": "000000" });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe("mfa_invalid");

    const expired = await operation.call({ "x-mfa-code": operation.device.expiredCode() });
    expect(expired.status).toBe(403);
    expect(expired.body.code).toBe("mfa_invalid");

    const code = await operation.device.nextCode();
    const accepted = await operation.call({ "x-mfa-code": code });
    expect(accepted.status).toBe(operation.success);

    if (operation.mfaStaysOn === false) return;
    const replayed = await operation.call({ "x-mfa-code": code });
    expect(replayed.status).toBe(403);
    expect(replayed.body.code).toBe("mfa_invalid");
  });

  it("asks nothing of a user without MFA", async () => {
    const user = await registerVerifiedUser();
    expect((await api("POST", "/v1/me/privacy/exports", { token: user.accessToken })).status).toBe(202);
  });

  it("accepts one code exactly once when 24 requests race with it", async () => {
    const { user, device, token } = await ownerWithTotp();
    const managed = await addManagedMember(user.accessToken, user.accountId, "standard");
    const code = await device.nextCode();
    const results = await Promise.all(
      Array.from({ length: 24 }, () =>
        api("POST", `/v1/accounts/${user.accountId}/members/${managed.userId}/password-reset-link`, {
          token,
          headers: { "x-mfa-code": code },
          body: {},
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.every((r) => r.status === 403 && r.body.code === "mfa_invalid")).toBe(true);
  });

  it("is marked in the OpenAPI document with the X-MFA-Code header", async () => {
    const { body } = await api("GET", "/openapi.json");
    const operations = Object.values(body.paths as Record<string, Record<string, Record<string, unknown>>>).flatMap(
      (item) => Object.values(item),
    );
    const marked = operations.filter((op) => op["x-step-up"] === true).map((op) => op.operationId);
    expect(marked.sort()).toEqual(
      expect.arrayContaining([
        "createPasswordResetLink",
        "deleteAccount",
        "disableTotp",
        "platformTransferOwnership",
        "requestDataExport",
        "requestErasure",
        "transferOwnership",
      ]),
    );
    const disable = operations.find((op) => op.operationId === "disableTotp") as {
      parameters: Array<{ name: string }>;
    };
    expect(disable.parameters.map((p) => p.name.toLowerCase())).toContain("x-mfa-code");
  });
});
