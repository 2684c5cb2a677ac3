import { describe, expect, it } from "vitest";
import {
  api,
  inviteNewMember,
  registerVerifiedUser,
  STRONG_PASSWORD,
  tokenFromLink,
  uniqueEmail,
  waitForMessage,
} from "../harness/api.ts";

const invite = (token: string, accountId: string, body: Record<string, unknown>) =>
  api("POST", `/v1/accounts/${accountId}/invitations`, { token, body });

const tokenOf = (link: string) => new URL(link).searchParams.get("token") as string;

describe("invitations", () => {
  it("emails the invitee a link that a new person accepts with a password", async () => {
    const owner = await registerVerifiedUser({ fullName: "Irena Inviter", accountName: "Invite Co" });
    const resource = await api("POST", `/v1/accounts/${owner.accountId}/resources`, {
      token: owner.accessToken,
      body: { type: "application", name: "Billing App" },
    });
    const email = uniqueEmail("invitee");
    const created = await invite(owner.accessToken, owner.accountId, {
      email,
      role: "standard",
      fullName: "Nina New",
      resources: [{ resourceId: resource.body.resourceId, level: "use" }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: "pending",
      email,
      role: "standard",
      link: expect.stringContaining("token="),
    });

    const message = await waitForMessage(email);
    expect(message.subject).toBe("Irena Inviter invites you to Invite Co");
    expect(message.text).toContain("Billing App");
    const token = tokenFromLink(message, "/invitations/accept");
    expect(token).toBe(tokenOf(created.body.link));

    const preview = await api("GET", `/v1/invitations/${token}`);
    expect(preview.body).toMatchObject({
      accountName: "Invite Co",
      inviterName: "Irena Inviter",
      role: "standard",
      email,
      userExists: false,
    });

    const accepted = await api("POST", `/v1/invitations/${token}/accept`, { body: { password: STRONG_PASSWORD } });
    expect(accepted.status).toBe(201);
    const login = await api("POST", "/v1/auth/login", { body: { username: email, password: STRONG_PASSWORD } });
    expect(login.status).toBe(200);
    const resources = await api("GET", `/v1/accounts/${owner.accountId}/resources`, { token: login.body.accessToken });
    expect(resources.body.items).toEqual([expect.objectContaining({ name: "Billing App", myLevel: "use" })]);
    const me = await api("GET", "/v1/me", { token: login.body.accessToken });
    expect(me.body).toMatchObject({ fullName: "Nina New", emailVerified: true });

    expect((await api("GET", `/v1/invitations/${token}`)).status).toBe(410);
    expect((await api("POST", `/v1/invitations/${token}/accept`, { body: { password: STRONG_PASSWORD } })).status).toBe(
      410,
    );
  });

  it("lets an existing user accept with their own token, and refuses someone else's", async () => {
    const owner = await registerVerifiedUser();
    const existing = await registerVerifiedUser({ accountName: "Their own" });
    const other = await registerVerifiedUser();
    const created = await invite(owner.accessToken, owner.accountId, { email: existing.email, role: "viewer" });
    const token = tokenOf(created.body.link);
    expect((await api("GET", `/v1/invitations/${token}`)).body.userExists).toBe(true);

    const wrongUser = await api("POST", `/v1/invitations/${token}/accept`, { token: other.accessToken });
    expect(wrongUser.status).toBe(403);
    expect(wrongUser.body.code).toBe("email_mismatch");
    const withPassword = await api("POST", `/v1/invitations/${token}/accept`, { body: { password: STRONG_PASSWORD } });
    expect(withPassword.status).toBe(409);
    expect(withPassword.body.code).toBe("user_exists");

    const accepted = await api("POST", `/v1/invitations/${token}/accept`, { token: existing.accessToken });
    expect(accepted.status).toBe(201);
    const accounts = await api("GET", "/v1/me/accounts", { token: existing.accessToken });
    expect(accounts.body.items.map((a: { accountId: string; role: string }) => [a.accountId, a.role]).sort()).toEqual(
      [
        [existing.accountId, "owner"],
        [owner.accountId, "viewer"],
      ].sort(),
    );
  });

  it("regenerates a link: the old one is 410, the new one works, and the email is sent again", async () => {
    const owner = await registerVerifiedUser();
    const email = uniqueEmail("regen");
    const created = await invite(owner.accessToken, owner.accountId, { email, role: "viewer" });
    const regenerated = await api(
      "POST",
      `/v1/accounts/${owner.accountId}/invitations/${created.body.invitationId}/regenerate`,
      {
        token: owner.accessToken,
      },
    );
    expect(regenerated.status).toBe(200);
    expect(regenerated.body.link).not.toBe(created.body.link);
    expect((await api("GET", `/v1/invitations/${tokenOf(created.body.link)}`)).status).toBe(410);
    const second = await waitForMessage(email, () => true, { skip: 1 });
    expect(tokenFromLink(second, "/invitations/accept")).toBe(tokenOf(regenerated.body.link));
    expect((await api("GET", `/v1/invitations/${tokenOf(regenerated.body.link)}`)).status).toBe(200);
  });

  it("revokes: the link is 410 and the invitation is listed as revoked", async () => {
    const owner = await registerVerifiedUser();
    const created = await invite(owner.accessToken, owner.accountId, { email: uniqueEmail("revoke"), role: "viewer" });
    const revoked = await api("DELETE", `/v1/accounts/${owner.accountId}/invitations/${created.body.invitationId}`, {
      token: owner.accessToken,
    });
    expect(revoked.status).toBe(204);
    expect(
      (
        await api("POST", `/v1/invitations/${tokenOf(created.body.link)}/accept`, {
          body: { password: STRONG_PASSWORD },
        })
      ).status,
    ).toBe(410);
    const listed = await api("GET", `/v1/accounts/${owner.accountId}/invitations?status=revoked`, {
      token: owner.accessToken,
    });
    expect(listed.body.items.map((i: { invitationId: string }) => i.invitationId)).toEqual([created.body.invitationId]);
    const again = await api("DELETE", `/v1/accounts/${owner.accountId}/invitations/${created.body.invitationId}`, {
      token: owner.accessToken,
    });
    expect(again.status).toBe(409);
  });

  it("refuses inviting a member (409 already_member) and a second pending invitation (409)", async () => {
    const owner = await registerVerifiedUser();
    const member = await inviteNewMember(owner.accessToken, owner.accountId, "viewer");
    const duplicate = await invite(owner.accessToken, owner.accountId, { email: member.email, role: "viewer" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe("already_member");
    const self = await invite(owner.accessToken, owner.accountId, { email: owner.email, role: "admin" });
    expect(self.body.code).toBe("already_member");

    const email = uniqueEmail("twice");
    expect((await invite(owner.accessToken, owner.accountId, { email, role: "viewer" })).status).toBe(201);
    const second = await invite(owner.accessToken, owner.accountId, { email, role: "admin" });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe("already_invited");
  });

  it("yields exactly one membership when one link is accepted twice at once", async () => {
    const owner = await registerVerifiedUser();
    const created = await invite(owner.accessToken, owner.accountId, { email: uniqueEmail("race"), role: "standard" });
    const token = tokenOf(created.body.link);
    const results = await Promise.all(
      [1, 2, 3].map(() => api("POST", `/v1/invitations/${token}/accept`, { body: { password: STRONG_PASSWORD } })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 409 || s === 410)).toBe(true);
    const members = await api("GET", `/v1/accounts/${owner.accountId}/members?role=standard`, {
      token: owner.accessToken,
    });
    expect(members.body.items).toHaveLength(1);
  });

  it("lets admins invite admins only while adminsCanGrantAdmin is on", async () => {
    const owner = await registerVerifiedUser();
    const admin = await inviteNewMember(owner.accessToken, owner.accountId, "admin");
    expect((await invite(admin.accessToken, owner.accountId, { email: uniqueEmail("a2"), role: "admin" })).status).toBe(
      201,
    );
    await api("PATCH", `/v1/accounts/${owner.accountId}`, {
      token: owner.accessToken,
      body: { settings: { adminsCanGrantAdmin: false } },
    });
    const refused = await invite(admin.accessToken, owner.accountId, { email: uniqueEmail("a3"), role: "admin" });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("cannot_grant_role");
    expect(
      (await invite(admin.accessToken, owner.accountId, { email: uniqueEmail("s"), role: "standard" })).status,
    ).toBe(201);
    expect((await invite(owner.accessToken, owner.accountId, { email: uniqueEmail("a4"), role: "admin" })).status).toBe(
      201,
    );
  });

  it("refuses the operator role outside partner accounts and rights the inviter lacks", async () => {
    const owner = await registerVerifiedUser();
    const operator = await invite(owner.accessToken, owner.accountId, { email: uniqueEmail("op"), role: "operator" });
    expect(operator.status).toBe(422);
    expect(operator.body.code).toBe("role_not_available");
    const partnerRight = await invite(owner.accessToken, owner.accountId, {
      email: uniqueEmail("pr"),
      role: "standard",
      rights: { "partner.reports.receive": true },
    });
    expect(partnerRight.status).toBe(422);
  });

  it("is not available to members without members.manage, nor to other tenants (404)", async () => {
    const owner = await registerVerifiedUser();
    const viewer = await inviteNewMember(owner.accessToken, owner.accountId, "viewer");
    const stranger = await registerVerifiedUser();
    expect(
      (await invite(viewer.accessToken, owner.accountId, { email: uniqueEmail("x"), role: "viewer" })).status,
    ).toBe(403);
    expect(
      (await invite(stranger.accessToken, owner.accountId, { email: uniqueEmail("y"), role: "viewer" })).status,
    ).toBe(404);
    expect(
      (await api("GET", `/v1/accounts/${owner.accountId}/invitations`, { token: stranger.accessToken })).status,
    ).toBe(404);
  });

  it("rejects malformed invitations and unknown link tokens", async () => {
    const owner = await registerVerifiedUser();
    expect((await invite(owner.accessToken, owner.accountId, { email: "nope", role: "viewer" })).status).toBe(400);
    expect((await invite(owner.accessToken, owner.accountId, { email: uniqueEmail("o"), role: "owner" })).status).toBe(
      400,
    );
    expect((await api("GET", `/v1/invitations/${"z".repeat(43)}`)).status).toBe(410);
  });
});

describe("invitation rate limits", () => {
  it("limits one inviter to 30 invitations an hour (429 with Retry-After)", async () => {
    const owner = await registerVerifiedUser();
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof api>> | undefined;
    for (let i = 0; i < 31; i += 1) {
      last = await invite(owner.accessToken, owner.accountId, { email: uniqueEmail(`rl${i}`), role: "viewer" });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
