import { beforeAll, describe, expect, it } from "vitest";
import { api, inviteNewMember, type JoinedMember, registerVerifiedUser, type TestUser } from "../harness/api.ts";
import { machineTokenWith, platformAdminToken } from "./machine-fixtures.ts";

/**
 * SPEC 6.8: the provider's apps ask with a machine token whether a user may do something; the
 * answer comes from the resolver every route uses (SPEC section 4).
 */
describe("access check (machine clients)", () => {
  let owner: TestUser;
  let standard: JoinedMember;
  let disabled: JoinedMember;
  let stranger: TestUser;
  let subaccountId: string;
  let resourceId: string;
  let checker: string;
  let readerOnly: string;

  beforeAll(async () => {
    const admin = await platformAdminToken();
    [owner, stranger, checker, readerOnly] = await Promise.all([
      registerVerifiedUser(),
      registerVerifiedUser(),
      machineTokenWith(admin, ["tenantry/access.check"]),
      machineTokenWith(admin, ["tenantry/accounts.read"]),
    ]);
    [standard, disabled] = await Promise.all([
      inviteNewMember(owner.accessToken, owner.accountId, "standard"),
      inviteNewMember(owner.accessToken, owner.accountId, "viewer"),
    ]);
    const off = await api("PATCH", `/v1/accounts/${owner.accountId}/members/${disabled.userId}`, {
      token: owner.accessToken,
      body: { status: "disabled" },
    });
    expect(off.status).toBe(200);
    const resource = await api("POST", `/v1/accounts/${owner.accountId}/resources`, {
      token: owner.accessToken,
      body: { type: "application", name: "1C Accounting" },
    });
    resourceId = resource.body.resourceId;
    const granted = await api(
      "PUT",
      `/v1/accounts/${owner.accountId}/resources/${resourceId}/access/${standard.userId}`,
      {
        token: owner.accessToken,
        body: { level: "use" },
      },
    );
    expect(granted.status).toBe(200);
    const sub = await api("POST", `/v1/accounts/${owner.accountId}/subaccounts`, {
      token: owner.accessToken,
      body: { name: "Branch", externalId: `branch-${owner.userId.slice(0, 8)}` },
    });
    subaccountId = sub.body.accountId;
  });

  const check = (body: Record<string, unknown>, token = checker) => api("POST", "/v1/access/check", { token, body });

  it("allows a direct member what their role grants, with the access behind it", async () => {
    const response = await check({ userId: owner.userId, accountId: owner.accountId, right: "billing.read" });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ allowed: true, role: "owner", via: "member", resourceLevel: null });
    expect(response.body.rights).toContain("billing.manage");
  });

  it("denies a right the member's role lacks, still naming the role", async () => {
    const response = await check({ userId: standard.userId, accountId: owner.accountId, right: "billing.read" });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ allowed: false, role: "standard", via: "member" });
    expect(response.body.rights).not.toContain("billing.read");
  });

  it("answers allowed:false, never 404, for unknown users, unknown accounts, strangers and disabled members", async () => {
    const none = { allowed: false, role: null, via: null, rights: [], resourceLevel: null };
    for (const question of [
      { userId: "00000000-0000-4000-8000-000000000000", accountId: owner.accountId },
      { userId: owner.userId, accountId: "01JZZZZZZZZZZZZZZZZZZZZZZZ" },
      { userId: stranger.userId, accountId: owner.accountId },
      { userId: disabled.userId, accountId: owner.accountId },
    ]) {
      const response = await check(question);
      expect([question, response.status, response.body]).toEqual([question, 200, none]);
    }
  });

  it("checks a resource level: a grant, the role default, and an absent resource", async () => {
    const use = await check({ userId: standard.userId, accountId: owner.accountId, resourceId, level: "use" });
    expect(use.body).toMatchObject({ allowed: true, resourceLevel: "use" });
    const administer = await check({
      userId: standard.userId,
      accountId: owner.accountId,
      resourceId,
      level: "administer",
    });
    expect(administer.body).toMatchObject({ allowed: false, resourceLevel: "use" });
    const ownerView = await check({ userId: owner.userId, accountId: owner.accountId, resourceId });
    expect(ownerView.body).toMatchObject({ allowed: true, resourceLevel: "administer" });
    const missing = await check({
      userId: owner.userId,
      accountId: owner.accountId,
      resourceId: "01JNOSUCHRESOURCE000000000",
    });
    expect(missing.body).toMatchObject({ allowed: false, resourceLevel: "none" });
    // A right and a resource together: both must hold.
    const both = await check({
      userId: standard.userId,
      accountId: owner.accountId,
      resourceId,
      right: "billing.read",
    });
    expect(both.body).toMatchObject({ allowed: false, resourceLevel: "use" });
  });

  it("resolves access through a parent account as routes do", async () => {
    const response = await check({ userId: owner.userId, accountId: subaccountId, right: "members.manage" });
    expect(response.body).toMatchObject({ allowed: true, role: "admin", via: "parent" });
    const standardInSub = await check({ userId: standard.userId, accountId: subaccountId });
    expect(standardInSub.body).toMatchObject({ allowed: false, role: null });
  });

  it("refuses a user's token (401) and a machine token without tenantry/access.check (403 problem)", async () => {
    const asUser = await check({ userId: owner.userId, accountId: owner.accountId }, owner.accessToken);
    expect(asUser.status).toBe(401);
    expect(asUser.body.code).toBe("invalid_token");
    const noToken = await api("POST", "/v1/access/check", {
      body: { userId: owner.userId, accountId: owner.accountId },
    });
    expect(noToken.status).toBe(401);
    const withoutScope = await check({ userId: owner.userId, accountId: owner.accountId }, readerOnly);
    expect(withoutScope.status).toBe(403);
    expect(withoutScope.headers.get("content-type")).toContain("application/problem+json");
    expect(withoutScope.body).toMatchObject({ status: 403, code: "insufficient_scope" });
    const batchWithoutScope = await api("POST", "/v1/access/check-batch", {
      token: readerOnly,
      body: { checks: [{ userId: owner.userId, accountId: owner.accountId }] },
    });
    expect(batchWithoutScope.status).toBe(403);
  });

  it("validates the question: unknown right, level without a resource, unknown fields", async () => {
    for (const body of [
      { userId: owner.userId, accountId: owner.accountId, right: "everything" },
      { userId: owner.userId, accountId: owner.accountId, level: "use" },
      { userId: owner.userId, accountId: owner.accountId, extra: true },
      { userId: owner.userId },
    ]) {
      const response = await check(body);
      expect([body, response.status, response.body.code]).toEqual([body, 400, "invalid_request"]);
    }
  });

  it("answers a batch in the questions' order, at most 100 at a time", async () => {
    const checks = [
      { userId: standard.userId, accountId: owner.accountId, right: "billing.read" },
      { userId: owner.userId, accountId: owner.accountId, right: "billing.read" },
      { userId: stranger.userId, accountId: owner.accountId },
      { userId: owner.userId, accountId: subaccountId },
      { userId: standard.userId, accountId: owner.accountId, resourceId, level: "use" },
      { userId: owner.userId, accountId: owner.accountId, right: "billing.read" },
    ];
    const response = await api("POST", "/v1/access/check-batch", { token: checker, body: { checks } });
    expect(response.status).toBe(200);
    expect(response.body.results.map((r: { allowed: boolean; via: string | null }) => [r.allowed, r.via])).toEqual([
      [false, "member"],
      [true, "member"],
      [false, null],
      [true, "parent"],
      [true, "member"],
      [true, "member"],
    ]);
    // Each answer equals the single check's.
    for (const [index, question] of checks.entries()) {
      expect((await check(question)).body).toEqual(response.body.results[index]);
    }

    const hundred = Array.from({ length: 100 }, (_, i) => ({
      userId: i % 2 ? owner.userId : stranger.userId,
      accountId: owner.accountId,
    }));
    const full = await api("POST", "/v1/access/check-batch", { token: checker, body: { checks: hundred } });
    expect(full.status).toBe(200);
    expect(full.body.results.map((r: { allowed: boolean }) => r.allowed)).toEqual(hundred.map((_, i) => i % 2 === 1));

    const tooMany = await api("POST", "/v1/access/check-batch", {
      token: checker,
      body: { checks: [...hundred, hundred[0]] },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.code).toBe("invalid_request");
    expect((await api("POST", "/v1/access/check-batch", { token: checker, body: { checks: [] } })).status).toBe(400);
    const userToken = await api("POST", "/v1/access/check-batch", { token: owner.accessToken, body: { checks } });
    expect(userToken.status).toBe(401);
  });

  it("gives a machine token no way into user routes", async () => {
    for (const [method, path] of [
      ["GET", "/v1/me"],
      ["GET", "/v1/me/accounts"],
      ["GET", `/v1/accounts/${owner.accountId}`],
      ["GET", `/v1/accounts/${owner.accountId}/members`],
      ["GET", "/v1/rights"],
    ] as const) {
      const response = await api(method, path, { token: checker });
      expect([path, response.status, response.body.code]).toEqual([path, 401, "invalid_token"]);
    }
  });
});
