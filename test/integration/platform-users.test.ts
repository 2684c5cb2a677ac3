import { describe, expect, it } from "vitest";
import {
  api,
  inviteNewMember,
  makePlatformAdmin,
  messagesTo,
  registerVerifiedUser,
  STRONG_PASSWORD,
  type TestUser,
  uniqueEmail,
  waitForMessage,
} from "../harness/api.ts";
import { confirmPhone, uniquePhone } from "./phone-fixtures.ts";

const poll = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const auditOf = (accountId: string, token: string) =>
  api<{ items: Array<Record<string, unknown>> }>("GET", `/v1/accounts/${accountId}/audit?limit=100`, { token }).then(
    (response) => response.body.items ?? [],
  );

/** An owner of two accounts (their own, and one handed over to them) who is also a plain member of a third. */
const ownerOfTwoAccounts = async (): Promise<{
  owner: TestUser;
  secondAccountId: string;
  memberAccountId: string;
  memberAccountOwner: TestUser;
}> => {
  const [owner, previousOwner, other] = await Promise.all([
    registerVerifiedUser({ fullName: "Olga Owner" }),
    registerVerifiedUser(),
    registerVerifiedUser(),
  ]);
  const join = async (host: TestUser, role: "admin" | "viewer") => {
    const invited = await api("POST", `/v1/accounts/${host.accountId}/invitations`, {
      token: host.accessToken,
      body: { email: owner.email, role },
    });
    const token = new URL(invited.body.link).searchParams.get("token");
    const accepted = await api("POST", `/v1/invitations/${token}/accept`, { token: owner.accessToken });
    if (accepted.status !== 201) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  };
  await join(previousOwner, "admin");
  const transferred = await api("POST", `/v1/accounts/${previousOwner.accountId}/owner-transfer`, {
    token: previousOwner.accessToken,
    body: { userId: owner.userId },
  });
  if (transferred.status !== 200) throw new Error(`transfer: ${transferred.status}`);
  await join(other, "viewer");
  return {
    owner,
    secondAccountId: previousOwner.accountId,
    memberAccountId: other.accountId,
    memberAccountOwner: other,
  };
};

describe("PATCH /v1/platform/users/{userId}", () => {
  it("changes an owner's email and name: sign-in moves to the new address, both addresses are told, every owned account audits it", async () => {
    const support = await registerVerifiedUser();
    const supportToken = await makePlatformAdmin(support);
    const { owner, secondAccountId, memberAccountId, memberAccountOwner } = await ownerOfTwoAccounts();
    const newEmail = uniqueEmail("moved");

    const changed = await api("PATCH", `/v1/platform/users/${owner.userId}`, {
      token: supportToken,
      body: { email: newEmail.toUpperCase(), fullName: "Olga Newname" },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      userId: owner.userId,
      email: newEmail,
      fullName: "Olga Newname",
      emailVerified: true,
    });

    // Sign-in follows the login record: the new address works, the old one no longer does.
    const signIn = await api("POST", "/v1/auth/login", { body: { username: newEmail, password: STRONG_PASSWORD } });
    expect(signIn.status).toBe(200);
    expect(
      (await api("POST", "/v1/auth/login", { body: { username: owner.email, password: STRONG_PASSWORD } })).status,
    ).toBe(401);
    const me = await api("GET", "/v1/me", { token: signIn.body.accessToken });
    const log = await api("GET", "/v1/me/activity", { token: signIn.body.accessToken });
    expect(log.body.items.map((e: { type: string }) => e.type)).toContain("email_changed");
    expect(me.body).toMatchObject({ email: newEmail, fullName: "Olga Newname", emailVerified: true });

    const toNew = await waitForMessage(newEmail, (m) => m.subject === "Your account details were changed by support");
    expect(toNew.text).toContain(`Email address: now ${newEmail}`);
    expect(toNew.text).toContain("Full name: now Olga Newname");
    const toOld = await waitForMessage(
      owner.email,
      (m) => m.subject === "Your account details were changed by support",
    );
    expect(toOld.text).toContain("no longer used for your account");

    for (const accountId of [owner.accountId, secondAccountId]) {
      const entries = await poll(
        () => auditOf(accountId, signIn.body.accessToken),
        (items) => items.some((e) => e.action === "owner.identity_changed_by_support"),
      );
      expect(entries.find((e) => e.action === "owner.identity_changed_by_support")).toMatchObject({
        actorType: "platform-admin",
        actorUserId: support.userId,
        targetType: "user",
        targetId: owner.userId,
        changes: { changed: ["email", "fullName"] },
      });
    }
    // The member copies of name and email follow (lists and ?q= read them).
    const copy = await poll(
      () => api("GET", `/v1/accounts/${memberAccountId}/members/${owner.userId}`, { token: signIn.body.accessToken }),
      (response) => response.body.email === newEmail,
    );
    expect(copy.body).toMatchObject({ email: newEmail, fullName: "Olga Newname" });
    // Audited where the user owns the account, not where they are only a member.
    const memberAudit = await auditOf(memberAccountId, memberAccountOwner.accessToken);
    expect(memberAudit.some((e) => String(e.action).endsWith("_by_support"))).toBe(false);
    const search = await api("GET", `/v1/accounts/${owner.accountId}/members?q=newname`, {
      token: signIn.body.accessToken,
    });
    expect(search.body.items.map((m: { userId: string }) => m.userId)).toContain(owner.userId);
  });

  it("keeps emails unique: another user's address is 409 email_taken and nothing changes", async () => {
    const support = await registerVerifiedUser();
    const supportToken = await makePlatformAdmin(support);
    const [owner, other] = await Promise.all([registerVerifiedUser(), registerVerifiedUser()]);
    const response = await api("PATCH", `/v1/platform/users/${owner.userId}`, {
      token: supportToken,
      body: { email: other.email },
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe("email_taken");
    expect((await api("GET", "/v1/me", { token: owner.accessToken })).body.email).toBe(owner.email);
    expect(
      (await api("POST", "/v1/auth/login", { body: { username: owner.email, password: STRONG_PASSWORD } })).status,
    ).toBe(200);
  });

  it("of parallel changes of four users to one new address exactly one wins", async () => {
    const support = await registerVerifiedUser();
    const supportToken = await makePlatformAdmin(support);
    const users = await Promise.all(Array.from({ length: 4 }, () => registerVerifiedUser()));
    const contested = uniqueEmail("contested");
    const responses = await Promise.all(
      users.map((user) =>
        api("PATCH", `/v1/platform/users/${user.userId}`, { token: supportToken, body: { email: contested } }),
      ),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(users.length - 1);
  });

  it("is for provider support only, and validates its input", async () => {
    const support = await registerVerifiedUser();
    const supportToken = await makePlatformAdmin(support);
    const owner = await registerVerifiedUser();
    const admin = await inviteNewMember(owner.accessToken, owner.accountId, "admin");
    for (const token of [owner.accessToken, admin.accessToken]) {
      const refused = await api("PATCH", `/v1/platform/users/${owner.userId}`, {
        token,
        body: { fullName: "Self Service" },
      });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe("platform_admin_required");
    }
    expect((await api("PATCH", `/v1/platform/users/${owner.userId}`, { body: { fullName: "X" } })).status).toBe(401);
    for (const body of [{}, { email: "not-an-email" }, { fullName: "" }, { phone: "+48601234567" }]) {
      expect((await api("PATCH", `/v1/platform/users/${owner.userId}`, { token: supportToken, body })).status).toBe(
        400,
      );
    }
    const unknown = await api("PATCH", "/v1/platform/users/00000000-0000-0000-0000-000000000000", {
      token: supportToken,
      body: { fullName: "Nobody" },
    });
    expect(unknown.status).toBe(404);
    expect((await api("GET", "/v1/me", { token: owner.accessToken })).body.fullName).toBe("Test Owner");
  });
});

describe("DELETE /v1/platform/users/{userId}/phone", () => {
  it("removes a confirmed phone the user lost, tells them, and audits it in their account", async () => {
    const support = await registerVerifiedUser();
    const supportToken = await makePlatformAdmin(support);
    const owner = await registerVerifiedUser();
    const number = uniquePhone();
    await confirmPhone(owner.accessToken, number);

    const removed = await api("DELETE", `/v1/platform/users/${owner.userId}/phone`, { token: supportToken });
    expect(removed.status).toBe(204);
    expect((await api("GET", "/v1/me", { token: owner.accessToken })).body.phone).toBeNull();
    const log = await api("GET", "/v1/me/activity", { token: owner.accessToken });
    expect(log.body.items[0]).toMatchObject({ type: "phone_removed", ip: expect.any(String) });
    // The user can set and confirm a new phone straight away.
    await confirmPhone(owner.accessToken, uniquePhone());

    const notice = await waitForMessage(
      owner.email,
      (m) => m.subject === "Your account details were changed by support",
    );
    expect(notice.text).toContain("Phone number: removed");
    const entries = await poll(
      () => auditOf(owner.accountId, owner.accessToken),
      (items) => items.some((e) => e.action === "owner.phone_removed_by_support"),
    );
    expect(entries.find((e) => e.action === "owner.phone_removed_by_support")).toMatchObject({
      actorType: "platform-admin",
      actorUserId: support.userId,
      targetId: owner.userId,
    });
    expect((await messagesTo(owner.email)).length).toBeGreaterThan(0);
  });

  it("404 when the user has no phone or does not exist; 403 for anyone but provider support", async () => {
    const support = await registerVerifiedUser();
    const supportToken = await makePlatformAdmin(support);
    const owner = await registerVerifiedUser();
    expect((await api("DELETE", `/v1/platform/users/${owner.userId}/phone`, { token: supportToken })).status).toBe(404);
    expect(
      (await api("DELETE", "/v1/platform/users/00000000-0000-0000-0000-000000000000/phone", { token: supportToken }))
        .status,
    ).toBe(404);
    await api("PUT", "/v1/me/phone", { token: owner.accessToken, body: { phone: uniquePhone() } });
    const refused = await api("DELETE", `/v1/platform/users/${owner.userId}/phone`, { token: owner.accessToken });
    expect(refused.status).toBe(403);
    expect((await api("GET", "/v1/me", { token: owner.accessToken })).body.phone).not.toBeNull();
  });
});
