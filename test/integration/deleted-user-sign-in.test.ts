import { describe, expect, it } from "vitest";
import { addManagedMember, api, inviteNewMember, registerVerifiedUser, STRONG_PASSWORD } from "../harness/api.ts";

const signIn = (username: string) => api("POST", "/v1/auth/login", { body: { username, password: STRONG_PASSWORD } });

describe("deleting a user blocks their sign-in at once", () => {
  it("a deleted managed user can neither sign in nor refresh right after the 204", async () => {
    const owner = await registerVerifiedUser();
    const member = await addManagedMember(owner.accessToken, owner.accountId, "standard");
    const session = await signIn(member.login);
    expect(session.status).toBe(200);
    expect((await api("POST", "/v1/auth/refresh", { body: { refreshToken: session.body.refreshToken } })).status).toBe(
      200,
    );

    const deleted = await api("DELETE", `/v1/accounts/${owner.accountId}/members/${member.userId}?deleteUser=true`, {
      token: owner.accessToken,
    });
    expect(deleted.status).toBe(204);

    const login = await signIn(member.login);
    expect(login.status).toBe(401);
    expect(login.body.code).toBe("invalid_credentials");
    const refreshed = await api("POST", "/v1/auth/refresh", { body: { refreshToken: session.body.refreshToken } });
    expect(refreshed.status).toBe(401);
    expect(refreshed.body.code).toBe("invalid_token");
  });

  it("a deleted user with an email is blocked too, while removing only the membership leaves sign-in alone", async () => {
    const owner = await registerVerifiedUser();
    const [kept, deletedUser] = await Promise.all([
      inviteNewMember(owner.accessToken, owner.accountId, "standard"),
      inviteNewMember(owner.accessToken, owner.accountId, "viewer"),
    ]);
    const keptSession = await signIn(kept.email);
    const removed = await api("DELETE", `/v1/accounts/${owner.accountId}/members/${kept.userId}`, {
      token: owner.accessToken,
    });
    expect(removed.status).toBe(204);
    expect((await signIn(kept.email)).status).toBe(200);
    expect(
      (await api("POST", "/v1/auth/refresh", { body: { refreshToken: keptSession.body.refreshToken } })).status,
    ).toBe(200);

    const session = await signIn(deletedUser.email);
    expect(
      (
        await api("DELETE", `/v1/accounts/${owner.accountId}/members/${deletedUser.userId}?deleteUser=true`, {
          token: owner.accessToken,
        })
      ).status,
    ).toBe(204);
    expect((await signIn(deletedUser.email)).status).toBe(401);
    expect((await api("POST", "/v1/auth/refresh", { body: { refreshToken: session.body.refreshToken } })).status).toBe(
      401,
    );
  });
});
