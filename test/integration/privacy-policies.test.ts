import { beforeAll, describe, expect, it } from "vitest";
import { api, registerVerifiedUser, type TestUser, waitForMessage } from "../harness/api.ts";
import {
  publishedPolicy,
  registerPlatformAdmin,
  runPrivacyJob,
  testTable,
  uniquePolicyId,
} from "./privacy-fixtures.ts";

let admin: TestUser;
beforeAll(async () => {
  admin = await registerPlatformAdmin();
});

const myPolicy = async (token: string, policyId: string) => {
  const response = await api("GET", "/v1/me/policies", { token });
  expect(response.status).toBe(200);
  return response.body.items.find((p: { policyId: string }) => p.policyId === policyId);
};

describe("platform admins define and publish policies", () => {
  it("refuses anyone outside platform-admins with 403", async () => {
    const user = await registerVerifiedUser();
    const created = await api("POST", "/v1/platform/policies", {
      token: user.accessToken,
      body: { policyId: uniquePolicyId("nope"), title: "Terms", required: true },
    });
    expect(created.status).toBe(403);
    expect(created.body.code).toBe("platform_admin_required");
    const published = await api("POST", "/v1/platform/policies/terms/versions", {
      token: user.accessToken,
      body: { summary: "x" },
    });
    expect(published.status).toBe(403);
  });

  it("creates a policy once (409 for the same id) and validates its id", async () => {
    const policyId = uniquePolicyId("terms");
    const body = { policyId, title: "Terms of service", required: true };
    const created = await api("POST", "/v1/platform/policies", { token: admin.accessToken, body });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ policyId, title: "Terms of service", required: true, currentVersion: 0 });
    const again = await api("POST", "/v1/platform/policies", { token: admin.accessToken, body });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("policy_exists");
    const invalid = await api("POST", "/v1/platform/policies", {
      token: admin.accessToken,
      body: { policyId: "Not A Slug!", title: "x", required: false },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].path).toBe("body.policyId");
  });

  it("shows a policy publicly only once a version is published, with its text", async () => {
    const policyId = uniquePolicyId("privacy");
    await api("POST", "/v1/platform/policies", {
      token: admin.accessToken,
      body: { policyId, title: "Privacy policy", required: true },
    });
    const before = await api("GET", "/v1/policies");
    expect(before.body.items.map((p: { policyId: string }) => p.policyId)).not.toContain(policyId);
    expect((await api("GET", `/v1/policies/${policyId}`)).status).toBe(404);

    const published = await api("POST", `/v1/platform/policies/${policyId}/versions`, {
      token: admin.accessToken,
      body: { summary: "Initial text", url: "https://tenantry.example/privacy", body: "We keep little." },
    });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ policyId, version: 1, summary: "Initial text" });

    const after = await api("GET", "/v1/policies");
    expect(after.body.items).toContainEqual(
      expect.objectContaining({
        policyId,
        title: "Privacy policy",
        required: true,
        version: 1,
        summary: "Initial text",
      }),
    );
    const one = await api("GET", `/v1/policies/${policyId}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ version: 1, body: "We keep little.", url: "https://tenantry.example/privacy" });
  });

  it("answers 404 for a version of an unknown policy", async () => {
    const response = await api("POST", `/v1/platform/policies/${uniquePolicyId("ghost")}/versions`, {
      token: admin.accessToken,
      body: { summary: "x" },
    });
    expect(response.status).toBe(404);
  });

  it("numbers versions published at the same time one after another", async () => {
    const { policyId } = await publishedPolicy(admin.accessToken, { required: false, label: "race" });
    const results = await Promise.all(
      [1, 2, 3].map((n) =>
        api("POST", `/v1/platform/policies/${policyId}/versions`, {
          token: admin.accessToken,
          body: { summary: `Change ${n}` },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(results.map((r) => r.body.version).sort()).toEqual([2, 3, 4]);
    expect((await api("GET", `/v1/policies/${policyId}`)).body.version).toBe(4);
  });

  it("audits what provider support does, with who and from where", async () => {
    const { policyId } = await publishedPolicy(admin.accessToken, { required: false, label: "audited" });
    const { table } = testTable();
    const { data } = await table.entities.platformAuditEntry.query.all({}).go({ order: "desc", limit: 200 });
    const mine = data.filter((entry) => entry.targetId === policyId);
    expect(mine.map((entry) => entry.action).sort()).toEqual(["policy.created", "policy.version_published"]);
    for (const entry of mine) {
      expect(entry).toMatchObject({ actorUserId: admin.userId, targetType: "policy" });
      expect(entry.ip).toBeTruthy();
      expect(entry.requestId).toBeTruthy();
    }
  });
});

describe("users decide on policies", () => {
  it("shows a pending required policy as actionRequired until its current version is accepted", async () => {
    const { policyId, title } = await publishedPolicy(admin.accessToken, { required: true, label: "must" });
    const user = await registerVerifiedUser();

    expect(await myPolicy(user.accessToken, policyId)).toMatchObject({
      version: 1,
      decision: null,
      updatedSinceDecision: false,
      actionRequired: true,
    });
    const me = await api("GET", "/v1/me", { token: user.accessToken });
    expect(me.body.actionRequired).toContainEqual({ type: "accept_policy", policyId, title, version: 1 });

    const accepted = await api("POST", `/v1/me/policies/${policyId}/decision`, {
      token: user.accessToken,
      body: { version: 1, decision: "accept" },
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ policyId, version: 1, decision: "accept", decidedAt: expect.any(String) });
    expect(await myPolicy(user.accessToken, policyId)).toMatchObject({
      decision: { version: 1, decision: "accept" },
      actionRequired: false,
    });
    const meAfter = await api("GET", "/v1/me", { token: user.accessToken });
    expect(meAfter.body.actionRequired.map((a: { policyId: string }) => a.policyId)).not.toContain(policyId);
  });

  it("keeps an optional policy (marketing consent) out of actionRequired, declined or not", async () => {
    const { policyId } = await publishedPolicy(admin.accessToken, { required: false, label: "marketing" });
    const user = await registerVerifiedUser();
    expect(await myPolicy(user.accessToken, policyId)).toMatchObject({ actionRequired: false, decision: null });
    await api("POST", `/v1/me/policies/${policyId}/decision`, {
      token: user.accessToken,
      body: { version: 1, decision: "decline" },
    });
    expect(await myPolicy(user.accessToken, policyId)).toMatchObject({
      actionRequired: false,
      decision: { decision: "decline" },
    });
  });

  it("refuses a decision on another version (409), an unknown policy (404) and a bad body (400)", async () => {
    const { policyId } = await publishedPolicy(admin.accessToken, { required: false, label: "checks" });
    const user = await registerVerifiedUser();
    const stale = await api("POST", `/v1/me/policies/${policyId}/decision`, {
      token: user.accessToken,
      body: { version: 7, decision: "accept" },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe("policy_version_outdated");
    const unknown = await api("POST", `/v1/me/policies/${uniquePolicyId("none")}/decision`, {
      token: user.accessToken,
      body: { version: 1, decision: "accept" },
    });
    expect(unknown.status).toBe(404);
    const bad = await api("POST", `/v1/me/policies/${policyId}/decision`, {
      token: user.accessToken,
      body: { version: 1, decision: "maybe" },
    });
    expect(bad.status).toBe(400);
    expect((await api("GET", "/v1/me/policies")).status).toBe(401);
  });

  it("emails users who decided when a new version is published, and flags the policy as updated", async () => {
    const { policyId, title } = await publishedPolicy(admin.accessToken, { required: true, label: "notice" });
    const [decided, undecided] = await Promise.all([registerVerifiedUser(), registerVerifiedUser()]);
    await api("POST", `/v1/me/policies/${policyId}/decision`, {
      token: decided.accessToken,
      body: { version: 1, decision: "accept" },
    });

    const v2 = await api("POST", `/v1/platform/policies/${policyId}/versions`, {
      token: admin.accessToken,
      body: { summary: "We now keep logs for 30 days.", url: "https://tenantry.example/privacy/v2" },
    });
    expect(v2.body.version).toBe(2);
    await runPrivacyJob();

    const notice = await waitForMessage(decided.email, (m) => m.subject === `We have updated: ${title}`);
    expect(notice.text).toContain("We now keep logs for 30 days.");
    expect(notice.links).toContain("https://tenantry.example/privacy/v2");
    expect(await myPolicy(decided.accessToken, policyId)).toMatchObject({
      version: 2,
      decision: { version: 1, decision: "accept" },
      updatedSinceDecision: true,
      actionRequired: true,
    });
    // Someone who never decided is told by actionRequired, not by email.
    const undecidedMail = await api("GET", "/dev/outbox.json");
    expect(
      undecidedMail.body.items.filter(
        (m: { to: string; subject: string }) => m.to === undecided.email && m.subject.includes(title),
      ),
    ).toEqual([]);
  });

  it("keeps every decision in the history, newest first, with time, IP and user agent", async () => {
    const { policyId } = await publishedPolicy(admin.accessToken, { required: false, label: "history" });
    const user = await registerVerifiedUser();
    for (const decision of ["accept", "decline", "accept"]) {
      const response = await api("POST", `/v1/me/policies/${policyId}/decision`, {
        token: user.accessToken,
        headers: { "user-agent": `privacy-test/${decision}` },
        body: { version: 1, decision },
      });
      expect(response.status).toBe(201);
    }
    const first = await api("GET", `/v1/me/policies/${policyId}/history?limit=2`, { token: user.accessToken });
    expect(first.status).toBe(200);
    expect(first.body.items.map((d: { decision: string }) => d.decision)).toEqual(["accept", "decline"]);
    expect(first.body.items[0]).toMatchObject({ version: 1, ip: expect.any(String), userAgent: "privacy-test/accept" });
    const second = await api("GET", `/v1/me/policies/${policyId}/history?limit=2&cursor=${first.body.nextCursor}`, {
      token: user.accessToken,
    });
    expect(second.body.items.map((d: { decision: string }) => d.decision)).toEqual(["accept"]);
    expect(second.body.nextCursor).toBeNull();

    const foreign = await api("GET", `/v1/me/policies/${policyId}/history?cursor=${first.body.nextCursor}`, {
      token: admin.accessToken,
    });
    expect(foreign.status).toBe(400);
    expect(
      (await api("GET", `/v1/me/policies/${uniquePolicyId("x")}/history`, { token: user.accessToken })).status,
    ).toBe(404);
  });
});
