import { describe, expect, it } from "vitest";
import { api, registerVerifiedUser, STRONG_PASSWORD } from "../harness/api.ts";

const managedUser = async (
  token: string,
  accountId: string,
  role: "standard" | "viewer",
  login = `m${Math.random().toString(36).slice(2, 10)}`,
) => {
  const created = await api("POST", `/v1/accounts/${accountId}/members`, {
    token,
    body: { login, password: STRONG_PASSWORD, fullName: `Managed ${role}`, role },
  });
  if (created.status !== 201) throw new Error(`managed user: ${created.status} ${JSON.stringify(created.body)}`);
  const login_ = await api("POST", "/v1/auth/login", { body: { username: login, password: STRONG_PASSWORD } });
  if (login_.status !== 200) throw new Error(`managed login: ${login_.status} ${JSON.stringify(login_.body)}`);
  return { userId: created.body.userId as string, login, token: login_.body.accessToken as string };
};

describe("accounts", () => {
  it("shows the owner their account with role, rights and an ETag", async () => {
    const owner = await registerVerifiedUser({ accountName: "Acme" });
    const response = await api("GET", `/v1/accounts/${owner.accountId}`, { token: owner.accessToken });
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe('W/"1"');
    expect(response.body).toMatchObject({
      accountId: owner.accountId,
      name: "Acme",
      kind: "standard",
      billingAccountId: owner.accountId,
      settings: { adminsCanGrantAdmin: true },
      myAccess: { role: "owner", via: "member" },
    });
    expect(response.body.myAccess.rights).not.toContain("partner.clients.manage");
  });

  it("answers 404 to a user of another account, on read and write", async () => {
    const [owner, stranger] = await Promise.all([registerVerifiedUser(), registerVerifiedUser()]);
    for (const [method, body] of [["GET"], ["PATCH", { name: "Hijacked" }], ["DELETE"]] as const) {
      const response = await api(method, `/v1/accounts/${owner.accountId}`, {
        token: stranger.accessToken,
        ...(body ? { body } : {}),
      });
      expect(response.status).toBe(404);
    }
    expect((await api("GET", `/v1/accounts/${owner.accountId}`, { token: owner.accessToken })).body.name).toBe(
      "Test Account",
    );
  });

  it("renames with If-Match and refuses a stale ETag with 412", async () => {
    const owner = await registerVerifiedUser();
    const renamed = await api("PATCH", `/v1/accounts/${owner.accountId}`, {
      token: owner.accessToken,
      body: { name: "Renamed" },
      headers: { "if-match": 'W/"1"' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get("etag")).toBe('W/"2"');
    const stale = await api("PATCH", `/v1/accounts/${owner.accountId}`, {
      token: owner.accessToken,
      body: { name: "Lost update" },
      headers: { "if-match": 'W/"1"' },
    });
    expect(stale.status).toBe(412);
    expect((await api("GET", `/v1/accounts/${owner.accountId}`, { token: owner.accessToken })).body.name).toBe(
      "Renamed",
    );
  });

  it("creates managed users who sign in with their login", async () => {
    const owner = await registerVerifiedUser();
    const standard = await managedUser(owner.accessToken, owner.accountId, "standard");
    const me = await api("GET", "/v1/me", { token: standard.token });
    expect(me.body).toMatchObject({ login: standard.login, email: null, isOwner: false });
    const accounts = await api("GET", "/v1/me/accounts", { token: standard.token });
    expect(accounts.body.items).toEqual([expect.objectContaining({ accountId: owner.accountId, role: "standard" })]);
  });
});
