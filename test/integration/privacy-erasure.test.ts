import { beforeAll, describe, expect, it } from "vitest";
import {
  api,
  inviteNewMember,
  registerVerifiedUser,
  STRONG_PASSWORD,
  type TestUser,
  waitForMessage,
} from "../harness/api.ts";
import {
  eventually,
  itemsKeyedBy,
  platformRequest,
  publishedPolicy,
  registerPlatformAdmin,
  runPrivacyJob,
  testTable,
} from "./privacy-fixtures.ts";

/*
 * Erasure runs after a grace period of days; the tests have the job look ahead past it
 * (`POST /dev/jobs/privacy {dueBy}`, local runtime only) instead of waiting.
 */
const DAY = 24 * 3600_000;
const pastGrace = () => new Date(Date.now() + 31 * DAY);

let admin: TestUser;
beforeAll(async () => {
  admin = await registerPlatformAdmin();
});

const requestErasure = (user: { accessToken: string }) =>
  api("POST", "/v1/me/privacy/deletion", { token: user.accessToken });

const signIn = (email: string) =>
  api("POST", "/v1/auth/login", { body: { username: email, password: STRONG_PASSWORD } });

const waitForStatus = (requestId: string, status: string) =>
  eventually(
    async () => {
      const request = await platformRequest(admin.accessToken, requestId);
      return request?.status === status && request;
    },
    { what: `request ${requestId} to be ${status}` },
  );

describe("POST /v1/me/privacy/deletion", () => {
  it("schedules the erasure after the grace period, then erases the user everywhere", async () => {
    // A user with data in every service: an own account, a membership elsewhere with resource
    // access, a consent, a restriction, a pending export.
    const { policyId } = await publishedPolicy(admin.accessToken, { required: false, label: "erasure" });
    const host = await registerVerifiedUser({ accountName: "Host Co" });
    const user = await registerVerifiedUser({ fullName: "Soon Forgotten" });
    const invited = await api("POST", `/v1/accounts/${host.accountId}/invitations`, {
      token: host.accessToken,
      body: { email: user.email, role: "standard" },
    });
    const inviteToken = new URL(invited.body.link).searchParams.get("token");
    expect((await api("POST", `/v1/invitations/${inviteToken}/accept`, { token: user.accessToken })).status).toBe(201);
    const resource = await api("POST", `/v1/accounts/${host.accountId}/resources`, {
      token: host.accessToken,
      body: { type: "application", name: "CRM" },
    });
    expect(
      (
        await api("PUT", `/v1/accounts/${host.accountId}/resources/${resource.body.resourceId}/access/${user.userId}`, {
          token: host.accessToken,
          body: { level: "use" },
        })
      ).status,
    ).toBe(200);
    await api("POST", `/v1/me/policies/${policyId}/decision`, {
      token: user.accessToken,
      body: { version: 1, decision: "accept" },
    });
    await api("POST", "/v1/me/privacy/restriction", { token: user.accessToken, body: { scope: "marketing" } });
    await api("POST", "/v1/me/privacy/exports", { token: user.accessToken });
    await runPrivacyJob();
    expect((await itemsKeyedBy(user.userId)).length).toBeGreaterThan(5);

    const before = Date.now();
    const scheduled = await requestErasure(user);
    expect(scheduled.status).toBe(202);
    expect(scheduled.body).toMatchObject({ requestId: expect.any(String), status: "scheduled", blockedReason: null });
    const scheduledFor = new Date(scheduled.body.scheduledFor).getTime();
    expect(scheduledFor - before).toBeGreaterThanOrEqual(30 * DAY - 1000);
    expect(scheduledFor - before).toBeLessThan(30 * DAY + 60_000);
    const mine = await api("GET", "/v1/me/privacy/requests", { token: user.accessToken });
    expect(mine.body.items[0]).toMatchObject({
      requestId: scheduled.body.requestId,
      kind: "erasure",
      status: "scheduled",
    });

    // Within the grace period nothing happens.
    await runPrivacyJob();
    expect((await signIn(user.email)).status).toBe(200);

    await runPrivacyJob(pastGrace());
    const completed = await waitForStatus(scheduled.body.requestId, "completed");
    expect(completed.confirmedServices).toEqual(["accounts", "notify", "privacy", "users"]);
    expect(completed.userId).toBe(user.userId);

    const login = await signIn(user.email);
    expect(login.status).toBe(401);
    expect(login.body.code).toBe("invalid_credentials");
    expect((await api("GET", "/v1/me", { token: user.accessToken })).status).toBe(401);
    expect(await itemsKeyedBy(user.userId)).toEqual([]);

    // The host's account keeps its audit trail, naming the user only by id.
    const { table } = testTable();
    const { data: audit } = await table.entities.auditEntry.query.byAccount({ accountId: host.accountId }).go();
    expect(audit.filter((e) => e.action === "member.erased").map((e) => e.targetId)).toEqual([user.userId]);
    expect(JSON.stringify(audit)).not.toContain(user.email);
    const members = await api("GET", `/v1/accounts/${host.accountId}/members`, { token: host.accessToken });
    expect(members.body.items.map((m: { userId: string }) => m.userId)).toEqual([host.userId]);
  });

  it("refuses a second deletion request while one is pending (409)", async () => {
    const user = await registerVerifiedUser();
    expect((await requestErasure(user)).status).toBe(202);
    const again = await requestErasure(user);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("erasure_already_requested");
  });

  it("accepts only one of two simultaneous deletion requests", async () => {
    const user = await registerVerifiedUser();
    const results = await Promise.all([requestErasure(user), requestErasure(user)]);
    expect(results.map((r) => r.status).sort()).toEqual([202, 409]);
  });

  it("asks for a token", async () => {
    expect((await api("POST", "/v1/me/privacy/deletion")).status).toBe(401);
    expect((await api("DELETE", "/v1/me/privacy/deletion")).status).toBe(401);
  });
});

describe("DELETE /v1/me/privacy/deletion", () => {
  it("cancels within the grace period: the job then leaves the user alone", async () => {
    const user = await registerVerifiedUser();
    const scheduled = await requestErasure(user);
    const cancelled = await api("DELETE", "/v1/me/privacy/deletion", { token: user.accessToken });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      requestId: scheduled.body.requestId,
      status: "cancelled",
      cancelledAt: expect.any(String),
    });

    await runPrivacyJob(pastGrace());
    expect((await signIn(user.email)).status).toBe(200);
    expect((await platformRequest(admin.accessToken, scheduled.body.requestId)).status).toBe("cancelled");
    const mine = await api("GET", "/v1/me/privacy/requests", { token: user.accessToken });
    expect(mine.body.items[0]).toMatchObject({ requestId: scheduled.body.requestId, status: "cancelled" });

    // Cancelled means a new request may be made.
    expect((await requestErasure(user)).status).toBe(202);
  });

  it("answers 404 when there is nothing to cancel", async () => {
    const user = await registerVerifiedUser();
    const response = await api("DELETE", "/v1/me/privacy/deletion", { token: user.accessToken });
    expect(response.status).toBe(404);
  });
});

describe("an owner of an account others use", () => {
  it("is blocked, told why, and erased once ownership has moved", async () => {
    const owner = await registerVerifiedUser({ accountName: "Shared Ltd" });
    const colleague = await inviteNewMember(owner.accessToken, owner.accountId, "admin");

    const requested = await requestErasure(owner);
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({ status: "blocked", blockingAccountIds: [owner.accountId] });
    expect(requested.body.blockedReason).toContain("Shared Ltd");

    await runPrivacyJob(pastGrace());
    const blocked = await platformRequest(admin.accessToken, requested.body.requestId);
    expect(blocked).toMatchObject({ status: "blocked", blockingAccountIds: [owner.accountId] });
    const notice = await waitForMessage(owner.email, (m) => m.subject === "Your account deletion is on hold");
    expect(notice.text).toContain("Shared Ltd");
    expect((await signIn(owner.email)).status).toBe(200);

    const transfer = await api("POST", `/v1/accounts/${owner.accountId}/owner-transfer`, {
      token: owner.accessToken,
      body: { userId: colleague.userId },
    });
    expect(transfer.status).toBe(200);

    await runPrivacyJob(pastGrace());
    await waitForStatus(requested.body.requestId, "completed");
    expect((await signIn(owner.email)).status).toBe(401);
    expect(await itemsKeyedBy(owner.userId)).toEqual([]);
    const account = await api("GET", `/v1/accounts/${owner.accountId}`, { token: colleague.accessToken });
    expect(account.status).toBe(200);
    const members = await api("GET", `/v1/accounts/${owner.accountId}/members`, { token: colleague.accessToken });
    expect(members.body.items).toEqual([expect.objectContaining({ userId: colleague.userId, role: "owner" })]);
  });

  it("can still cancel while blocked", async () => {
    const owner = await registerVerifiedUser();
    await inviteNewMember(owner.accessToken, owner.accountId, "viewer");
    expect((await requestErasure(owner)).body.status).toBe("blocked");
    const cancelled = await api("DELETE", "/v1/me/privacy/deletion", { token: owner.accessToken });
    expect(cancelled.body.status).toBe("cancelled");
  });
});
