import { describe, expect, it } from "vitest";
import {
  addManagedMember,
  api,
  inviteNewMember,
  registerVerifiedUser,
  STRONG_PASSWORD,
  waitForMessage,
} from "../harness/api.ts";

const poll = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe("owner protection", () => {
  it("refuses to disable, demote, remove or restrict the owner (409 owner_protected)", async () => {
    const owner = await registerVerifiedUser();
    const admin = await inviteNewMember(owner.accessToken, owner.accountId, "admin");
    const target = `/v1/accounts/${owner.accountId}/members/${owner.userId}`;
    const attempts = [
      await api("PATCH", target, { token: admin.accessToken, body: { status: "disabled" } }),
      await api("PATCH", target, { token: admin.accessToken, body: { role: "viewer" } }),
      await api("DELETE", target, { token: admin.accessToken }),
      await api("PATCH", `${target}/rights`, { token: admin.accessToken, body: { "account.delete": false } }),
      await api("PATCH", target, { token: owner.accessToken, body: { role: "admin" } }),
    ];
    for (const attempt of attempts) {
      expect(attempt.status).toBe(409);
      expect(attempt.body.code).toBe("owner_protected");
    }
    expect((await api("GET", target, { token: owner.accessToken })).body).toMatchObject({
      role: "owner",
      status: "active",
    });
  });

  it("moves ownership only to an active admin, and the old owner becomes an admin", async () => {
    const owner = await registerVerifiedUser();
    const admin = await inviteNewMember(owner.accessToken, owner.accountId, "admin");
    const viewer = await inviteNewMember(owner.accessToken, owner.accountId, "viewer");
    const toViewer = await api("POST", `/v1/accounts/${owner.accountId}/owner-transfer`, {
      token: owner.accessToken,
      body: { userId: viewer.userId },
    });
    expect(toViewer.status).toBe(422);
    const byAdmin = await api("POST", `/v1/accounts/${owner.accountId}/owner-transfer`, {
      token: admin.accessToken,
      body: { userId: admin.userId },
    });
    expect(byAdmin.status).toBe(403);

    const moved = await api("POST", `/v1/accounts/${owner.accountId}/owner-transfer`, {
      token: owner.accessToken,
      body: { userId: admin.userId },
    });
    expect(moved.status).toBe(200);
    const members = await api("GET", `/v1/accounts/${owner.accountId}/members?role=owner`, {
      token: admin.accessToken,
    });
    expect(members.body.items.map((m: { userId: string }) => m.userId)).toEqual([admin.userId]);
    const old = await api("GET", `/v1/accounts/${owner.accountId}/members/${owner.userId}`, {
      token: admin.accessToken,
    });
    expect(old.body.role).toBe("admin");
    const audit = await api("GET", `/v1/accounts/${owner.accountId}/audit`, { token: admin.accessToken });
    expect(audit.body.items[0]).toMatchObject({
      action: "account.owner_transferred",
      actorUserId: owner.userId,
      targetId: admin.userId,
    });
  });

  it("keeps exactly one owner when transfers race", async () => {
    const owner = await registerVerifiedUser();
    const [a, b] = await Promise.all([
      inviteNewMember(owner.accessToken, owner.accountId, "admin"),
      inviteNewMember(owner.accessToken, owner.accountId, "admin"),
    ]);
    const results = await Promise.all(
      [a, b].map((target) =>
        api("POST", `/v1/accounts/${owner.accountId}/owner-transfer`, {
          token: owner.accessToken,
          body: { userId: target.userId },
        }),
      ),
    );
    // The loser either lost the conditional write (409) or arrived after it and is no longer owner (403).
    const [first, second] = results.map((r) => r.status).sort();
    expect(first).toBe(200);
    expect([403, 409]).toContain(second);
    const owners = await api("GET", `/v1/accounts/${owner.accountId}/members?role=owner`, { token: a.accessToken });
    expect(owners.body.items).toHaveLength(1);
  });
});

describe("roles and rights", () => {
  it("computes effective rights from the role and overrides; null returns to the default", async () => {
    const owner = await registerVerifiedUser();
    const member = await addManagedMember(owner.accessToken, owner.accountId, "standard");
    const path = `/v1/accounts/${owner.accountId}/members/${member.userId}/rights`;
    const on = await api("PATCH", path, {
      token: owner.accessToken,
      body: { "audit.read": true, "support.use": false },
    });
    expect(on.status).toBe(200);
    expect(on.body.rights).toContain("audit.read");
    expect(on.body.rights).not.toContain("support.use");
    expect((await api("GET", `/v1/accounts/${owner.accountId}/audit`, { token: member.accessToken })).status).toBe(200);

    const back = await api("PATCH", path, { token: owner.accessToken, body: { "audit.read": null } });
    expect(back.body.rightsOverrides).toEqual({ "support.use": false });
    expect((await api("GET", `/v1/accounts/${owner.accountId}/audit`, { token: member.accessToken })).status).toBe(403);
  });

  it("refuses unknown rights (400) and rights the account does not have (422)", async () => {
    const owner = await registerVerifiedUser();
    const member = await addManagedMember(owner.accessToken, owner.accountId, "viewer");
    const path = `/v1/accounts/${owner.accountId}/members/${member.userId}/rights`;
    expect((await api("PATCH", path, { token: owner.accessToken, body: { "root.everything": true } })).status).toBe(
      400,
    );
    const partnerOnly = await api("PATCH", path, {
      token: owner.accessToken,
      body: { "partner.clients.manage": true },
    });
    expect(partnerOnly.status).toBe(422);
    expect(partnerOnly.body.code).toBe("right_not_applicable");
  });

  it("does not let anyone grant a right they do not hold", async () => {
    const owner = await registerVerifiedUser();
    const admin = await inviteNewMember(owner.accessToken, owner.accountId, "admin");
    const member = await addManagedMember(owner.accessToken, owner.accountId, "viewer");
    await api("PATCH", `/v1/accounts/${owner.accountId}/members/${admin.userId}/rights`, {
      token: owner.accessToken,
      body: { "billing.manage": false },
    });
    const grant = await api("PATCH", `/v1/accounts/${owner.accountId}/members/${member.userId}/rights`, {
      token: admin.accessToken,
      body: { "billing.manage": true },
    });
    expect(grant.status).toBe(403);
    expect(grant.body.code).toBe("cannot_grant_right");
  });

  it("requires an email for admin and refuses owner via PATCH", async () => {
    const owner = await registerVerifiedUser();
    const managed = await addManagedMember(owner.accessToken, owner.accountId, "standard");
    const path = `/v1/accounts/${owner.accountId}/members/${managed.userId}`;
    const toAdmin = await api("PATCH", path, { token: owner.accessToken, body: { role: "admin" } });
    expect(toAdmin.status).toBe(422);
    expect(toAdmin.body.code).toBe("email_required");
    const toOwner = await api("PATCH", path, { token: owner.accessToken, body: { role: "owner" } });
    expect(toOwner.status).toBe(422);
    const managedAdmin = await api("POST", `/v1/accounts/${owner.accountId}/members`, {
      token: owner.accessToken,
      body: { login: "boss-without-mail", password: STRONG_PASSWORD, fullName: "B", role: "admin" },
    });
    expect(managedAdmin.status).toBe(422);
    expect(managedAdmin.body.code).toBe("email_required");
  });

  it("locks a disabled member out (403 member_disabled) until re-enabled", async () => {
    const owner = await registerVerifiedUser();
    const member = await addManagedMember(owner.accessToken, owner.accountId, "viewer");
    const path = `/v1/accounts/${owner.accountId}/members/${member.userId}`;
    await api("PATCH", path, { token: owner.accessToken, body: { status: "disabled" } });
    const denied = await api("GET", `/v1/accounts/${owner.accountId}`, { token: member.accessToken });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe("member_disabled");
    await api("PATCH", path, { token: owner.accessToken, body: { status: "active" } });
    expect((await api("GET", `/v1/accounts/${owner.accountId}`, { token: member.accessToken })).status).toBe(200);
  });
});

describe("member list", () => {
  it("filters by role, status and search text, and pages with a cursor", async () => {
    const owner = await registerVerifiedUser({ fullName: "Olivia Owner" });
    for (let i = 0; i < 3; i += 1) await addManagedMember(owner.accessToken, owner.accountId, "viewer");
    const base = `/v1/accounts/${owner.accountId}/members`;
    const viewers = await api("GET", `${base}?role=viewer`, { token: owner.accessToken });
    expect(viewers.body.items).toHaveLength(3);
    const search = await api("GET", `${base}?q=olivia`, { token: owner.accessToken });
    expect(search.body.items.map((m: { userId: string }) => m.userId)).toEqual([owner.userId]);

    const first = await api("GET", `${base}?limit=2`, { token: owner.accessToken });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api("GET", `${base}?limit=2&cursor=${first.body.nextCursor}`, { token: owner.accessToken });
    const all = [...first.body.items, ...second.body.items].map((m: { userId: string }) => m.userId);
    expect(new Set(all).size).toBe(4);
  });

  it("refuses a cursor from another account's list (400), and limits outside 1-100", async () => {
    const [a, b] = await Promise.all([registerVerifiedUser(), registerVerifiedUser()]);
    await addManagedMember(a.accessToken, a.accountId, "viewer");
    const page = await api("GET", `/v1/accounts/${a.accountId}/members?limit=1`, { token: a.accessToken });
    const foreign = await api("GET", `/v1/accounts/${b.accountId}/members?cursor=${page.body.nextCursor}`, {
      token: b.accessToken,
    });
    expect(foreign.status).toBe(400);
    expect((await api("GET", `/v1/accounts/${a.accountId}/members?limit=0`, { token: a.accessToken })).status).toBe(
      400,
    );
    expect((await api("GET", `/v1/accounts/${a.accountId}/members?limit=101`, { token: a.accessToken })).status).toBe(
      400,
    );
  });

  it("finds a member by their new role or status after a change that renames them too", async () => {
    const owner = await registerVerifiedUser();
    const member = await addManagedMember(owner.accessToken, owner.accountId, "standard");
    const base = `/v1/accounts/${owner.accountId}/members`;
    const listed = async (filter: string) =>
      (await api("GET", `${base}?${filter}`, { token: owner.accessToken })).body.items.map(
        (m: { userId: string }) => m.userId,
      ) as string[];
    const change = async (body: Record<string, string>) =>
      expect((await api("PATCH", `${base}/${member.userId}`, { token: owner.accessToken, body })).status).toBe(200);

    // Role and status are one index key: a rename with either must rewrite it whole.
    await change({ fullName: "Renamed Viewer", role: "viewer" });
    expect(await listed("role=viewer")).toEqual([member.userId]);
    expect(await listed("role=viewer&status=active")).toEqual([member.userId]);
    expect(await listed("role=standard")).toEqual([]);
    expect(await listed("status=active")).toContain(member.userId);

    await change({ fullName: "Renamed Disabled", status: "disabled" });
    expect(await listed("status=disabled")).toEqual([member.userId]);
    expect(await listed("role=viewer&status=disabled")).toEqual([member.userId]);
    expect(await listed("role=viewer&status=active")).toEqual([]);
    expect(await listed("status=active")).not.toContain(member.userId);
  });

  it("shows a member's new name once they change it (copies kept current by events)", async () => {
    const owner = await registerVerifiedUser();
    const member = await inviteNewMember(owner.accessToken, owner.accountId, "viewer");
    await api("PATCH", "/v1/me", { token: member.accessToken, body: { fullName: "Renamed Person" } });
    const found = await poll(
      () => api("GET", `/v1/accounts/${owner.accountId}/members?q=renamed`, { token: owner.accessToken }),
      (r) => r.body.items.length === 1,
    );
    expect(found.body.items[0]).toMatchObject({ userId: member.userId, fullName: "Renamed Person" });
  });
});

describe("ETags and concurrent updates", () => {
  it("answers a stale If-Match on a member with 412 and loses no update", async () => {
    const owner = await registerVerifiedUser();
    const member = await addManagedMember(owner.accessToken, owner.accountId, "standard");
    const path = `/v1/accounts/${owner.accountId}/members/${member.userId}`;
    const read = await api("GET", path, { token: owner.accessToken });
    const etag = read.headers.get("etag") as string;
    const first = await api("PATCH", path, {
      token: owner.accessToken,
      body: { role: "viewer" },
      headers: { "if-match": etag },
    });
    expect(first.status).toBe(200);
    const second = await api("PATCH", path, {
      token: owner.accessToken,
      body: { status: "disabled" },
      headers: { "if-match": etag },
    });
    expect(second.status).toBe(412);
    expect((await api("GET", path, { token: owner.accessToken })).body).toMatchObject({
      role: "viewer",
      status: "active",
    });
  });

  it("never loses one of two concurrent rights changes: the loser gets 412", async () => {
    const owner = await registerVerifiedUser();
    const member = await addManagedMember(owner.accessToken, owner.accountId, "standard");
    const path = `/v1/accounts/${owner.accountId}/members/${member.userId}/rights`;
    const results = await Promise.all([
      api("PATCH", path, { token: owner.accessToken, body: { "audit.read": true } }),
      api("PATCH", path, { token: owner.accessToken, body: { "billing.read": true } }),
      api("PATCH", path, { token: owner.accessToken, body: { "support.use": false } }),
    ]);
    const succeeded = results.filter((r) => r.status === 200);
    expect(results.every((r) => r.status === 200 || r.status === 412)).toBe(true);
    const final = (
      await api("GET", `/v1/accounts/${owner.accountId}/members/${member.userId}`, { token: owner.accessToken })
    ).body;
    expect(Object.keys(final.rightsOverrides)).toHaveLength(succeeded.length);
  });

  it("creates one managed user when the same login is requested twice at once", async () => {
    const owner = await registerVerifiedUser();
    const body = {
      login: `dup-${owner.userId.slice(0, 8)}`,
      password: STRONG_PASSWORD,
      fullName: "Dup",
      role: "viewer",
    };
    const results = await Promise.all(
      [1, 2].map(() => api("POST", `/v1/accounts/${owner.accountId}/members`, { token: owner.accessToken, body })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const list = await api("GET", `/v1/accounts/${owner.accountId}/members?role=viewer`, { token: owner.accessToken });
    expect(list.body.items).toHaveLength(1);
  });
});

describe("Idempotency-Key", () => {
  it("replays the first response to a retried create and refuses the key with another body", async () => {
    const owner = await registerVerifiedUser();
    const path = `/v1/accounts/${owner.accountId}/resources`;
    const headers = { "idempotency-key": `key-${owner.userId}` };
    const first = await api("POST", path, { token: owner.accessToken, body: { type: "pixel", name: "Once" }, headers });
    const retry = await api("POST", path, { token: owner.accessToken, body: { type: "pixel", name: "Once" }, headers });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.resourceId).toBe(first.body.resourceId);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const list = await api("GET", path, { token: owner.accessToken });
    expect(list.body.items).toHaveLength(1);
    const other = await api("POST", path, {
      token: owner.accessToken,
      body: { type: "pixel", name: "Different" },
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe("idempotency_key_reused");
  });
});

/** A user who belongs to two unrelated accounts, so neither account's admin manages their identity. */
const memberOfTwoAccounts = async () => {
  const first = await registerVerifiedUser();
  const second = await registerVerifiedUser();
  const shared = await inviteNewMember(first.accessToken, first.accountId, "viewer");
  const invitation = await api("POST", `/v1/accounts/${second.accountId}/invitations`, {
    token: second.accessToken,
    body: { email: shared.email, role: "viewer" },
  });
  await api("POST", `/v1/invitations/${new URL(invitation.body.link).searchParams.get("token")}/accept`, {
    token: shared.accessToken,
  });
  return { first, shared };
};

describe("cross-tenant safety", () => {
  it("lets an admin reset the password of a user only this account has", async () => {
    const owner = await registerVerifiedUser();
    const managed = await addManagedMember(owner.accessToken, owner.accountId, "standard");
    const link = await api("POST", `/v1/accounts/${owner.accountId}/members/${managed.userId}/password-reset-link`, {
      token: owner.accessToken,
      body: {},
    });
    expect(link.status).toBe(201);
    const token = new URL(link.body.link).searchParams.get("token");
    expect(
      (await api("POST", "/v1/auth/password/reset", { body: { token, newPassword: "Fresh-Managed-Secret-1" } })).status,
    ).toBe(204);
    expect(
      (await api("POST", "/v1/auth/login", { body: { username: managed.login, password: "Fresh-Managed-Secret-1" } }))
        .status,
    ).toBe(200);
  });

  it("emails the link when asked and the member has an email", async () => {
    const owner = await registerVerifiedUser();
    const member = await inviteNewMember(owner.accessToken, owner.accountId, "viewer");
    const sent = await api("POST", `/v1/accounts/${owner.accountId}/members/${member.userId}/password-reset-link`, {
      token: owner.accessToken,
      body: { send: true },
    });
    expect(sent.status).toBe(201);
    await waitForMessage(member.email, (m) => m.subject === "Reset your password");
  });

  it("refuses identity actions on a user who also belongs to an account this admin does not administer", async () => {
    const { first, shared } = await memberOfTwoAccounts();

    const reset = await api("POST", `/v1/accounts/${first.accountId}/members/${shared.userId}/password-reset-link`, {
      token: first.accessToken,
      body: {},
    });
    expect(reset.status).toBe(403);
    expect(reset.body.code).toBe("identity_not_managed");
    const rename = await api("PATCH", `/v1/accounts/${first.accountId}/members/${shared.userId}`, {
      token: first.accessToken,
      body: { fullName: "Not yours to change" },
    });
    expect(rename.status).toBe(403);
    expect(rename.body.code).toBe("identity_not_managed");
    const membershipOnly = await api("PATCH", `/v1/accounts/${first.accountId}/members/${shared.userId}`, {
      token: first.accessToken,
      body: { status: "disabled" },
    });
    expect(membershipOnly.status).toBe(200);
  });

  it("deletes a user whose whole identity the admin manages (erased everywhere by the privacy job)", async () => {
    const owner = await registerVerifiedUser();
    const managed = await addManagedMember(owner.accessToken, owner.accountId, "viewer");
    const deleted = await api("DELETE", `/v1/accounts/${owner.accountId}/members/${managed.userId}?deleteUser=true`, {
      token: owner.accessToken,
    });
    expect(deleted.status).toBe(204);
    expect(
      (await api("GET", `/v1/accounts/${owner.accountId}/members/${managed.userId}`, { token: owner.accessToken }))
        .status,
    ).toBe(404);
    const gone = await poll(
      async () => {
        await api("POST", "/dev/jobs/privacy", { body: {} });
        return api("GET", "/v1/me", { token: managed.accessToken });
      },
      (r) => r.status === 401,
      20_000,
    );
    expect(gone.status).toBe(401);
    expect(
      (await api("POST", "/v1/auth/login", { body: { username: managed.login, password: STRONG_PASSWORD } })).status,
    ).toBe(401);
  });

  it("refuses deleting a user who also belongs elsewhere, and keeps the membership", async () => {
    const { first, shared } = await memberOfTwoAccounts();
    const refused = await api("DELETE", `/v1/accounts/${first.accountId}/members/${shared.userId}?deleteUser=true`, {
      token: first.accessToken,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("identity_not_managed");
    expect(
      (await api("GET", `/v1/accounts/${first.accountId}/members/${shared.userId}`, { token: first.accessToken }))
        .status,
    ).toBe(200);
  });

  it("refuses identity actions on an owner (their identity is changed by the provider)", async () => {
    const owner = await registerVerifiedUser();
    const admin = await inviteNewMember(owner.accessToken, owner.accountId, "admin");
    const reset = await api("POST", `/v1/accounts/${owner.accountId}/members/${owner.userId}/password-reset-link`, {
      token: admin.accessToken,
      body: {},
    });
    expect(reset.status).toBe(403);
    expect(reset.body.code).toBe("identity_not_managed");
  });
});

describe("audit", () => {
  it("records who did what to whom, from where, newest first", async () => {
    const owner = await registerVerifiedUser();
    const member = await addManagedMember(owner.accessToken, owner.accountId, "viewer");
    await api("PATCH", `/v1/accounts/${owner.accountId}/members/${member.userId}`, {
      token: owner.accessToken,
      body: { role: "standard" },
      headers: { "user-agent": "audit-test/1.0" },
    });
    const audit = await api("GET", `/v1/accounts/${owner.accountId}/audit?limit=2`, { token: owner.accessToken });
    expect(audit.body.items[0]).toMatchObject({
      action: "member.updated",
      actorUserId: owner.userId,
      actorVia: "member",
      targetType: "member",
      targetId: member.userId,
      changes: { role: "standard" },
      userAgent: "audit-test/1.0",
      ip: expect.any(String),
      requestId: expect.any(String),
    });
    expect(audit.body.items[1]).toMatchObject({ action: "member.created", targetId: member.userId });
  });
});
