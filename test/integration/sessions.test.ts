import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { addManagedMember, api, registerVerifiedUser, STRONG_PASSWORD } from "../harness/api.ts";
import { eventually, itemsKeyedBy, runPrivacyJob } from "./privacy-fixtures.ts";

const signIn = async (username: string, userAgent = "test-agent/1.0") => {
  const response = await api("POST", "/v1/auth/login", {
    body: { username, password: STRONG_PASSWORD },
    headers: { "user-agent": userAgent },
  });
  expect(response.status).toBe(200);
  return response.body as { accessToken: string; refreshToken: string; expiresIn: number };
};
const sessionsOf = async (accessToken: string) => {
  const response = await api("GET", "/v1/me/sessions", { token: accessToken });
  expect(response.status).toBe(200);
  return response.body.items as Array<Record<string, unknown>>;
};

describe("sessions", () => {
  it("lists one session per sign-in with ip, user agent, times, and marks the current one", async () => {
    const user = await registerVerifiedUser();
    const laptop = await signIn(user.email, "Laptop Browser/2.0");
    const items = await sessionsOf(laptop.accessToken);
    expect(items).toHaveLength(2);
    expect(items[0]).toEqual({
      sessionId: expect.stringMatching(/^[0-9A-Z]{26}$/),
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
      ip: expect.any(String),
      userAgent: "Laptop Browser/2.0",
      current: true,
    });
    expect(items[1]?.current).toBe(false);
    // Tokens refreshed from the session keep pointing at it.
    const refreshed = await api("POST", "/v1/auth/refresh", { body: { refreshToken: laptop.refreshToken } });
    const again = await sessionsOf(refreshed.body.accessToken);
    expect(again.find((s) => s.current)?.sessionId).toBe(items[0]?.sessionId);
    expect(String(again[0]?.lastUsedAt) >= String(items[0]?.lastUsedAt)).toBe(true);
  });

  it("ends a session: its refresh token is refused at once with 401", async () => {
    const user = await registerVerifiedUser();
    const phone = await signIn(user.email, "Phone/1.0");
    const [phoneSession] = await sessionsOf(phone.accessToken);
    const ended = await api("DELETE", `/v1/me/sessions/${phoneSession?.sessionId}`, { token: user.accessToken });
    expect(ended.status).toBe(204);
    const refresh = await api("POST", "/v1/auth/refresh", { body: { refreshToken: phone.refreshToken } });
    expect(refresh.status).toBe(401);
    expect(refresh.body.code).toBe("invalid_token");
    expect((await sessionsOf(user.accessToken)).map((s) => s.sessionId)).not.toContain(phoneSession?.sessionId);
    // The other session is untouched.
    expect((await api("POST", "/v1/auth/refresh", { body: { refreshToken: user.refreshToken } })).status).toBe(200);
  });

  it("answers 404 for another user's session id and for an unknown one", async () => {
    const alice = await registerVerifiedUser();
    const bob = await registerVerifiedUser();
    const [bobSession] = await sessionsOf(bob.accessToken);
    const foreign = await api("DELETE", `/v1/me/sessions/${bobSession?.sessionId}`, { token: alice.accessToken });
    expect(foreign.status).toBe(404);
    const unknown = await api("DELETE", "/v1/me/sessions/01ARZ3NDEKTSV4RRFFQ69G5FAV", { token: alice.accessToken });
    expect(unknown.status).toBe(404);
    expect((await api("DELETE", "/v1/me/sessions/not-an-id", { token: alice.accessToken })).status).toBe(400);
    // Bob's session still works.
    expect((await api("POST", "/v1/auth/refresh", { body: { refreshToken: bob.refreshToken } })).status).toBe(200);
  });

  it("logout ends the session", async () => {
    const user = await registerVerifiedUser();
    const second = await signIn(user.email);
    expect((await sessionsOf(user.accessToken)).length).toBe(2);
    expect((await api("POST", "/v1/auth/logout", { body: { refreshToken: second.refreshToken } })).status).toBe(204);
    expect((await sessionsOf(user.accessToken)).length).toBe(1);
    expect((await api("POST", "/v1/auth/refresh", { body: { refreshToken: second.refreshToken } })).status).toBe(401);
  });

  it("issues access tokens that live 15 minutes, and says so in expiresIn", async () => {
    const user = await registerVerifiedUser();
    const tokens = await signIn(user.email);
    const claims = decodeJwt(tokens.accessToken);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(15 * 60);
    expect(tokens.expiresIn).toBeGreaterThan(15 * 60 - 10);
    expect(tokens.expiresIn).toBeLessThanOrEqual(15 * 60);
    const refreshed = await api("POST", "/v1/auth/refresh", { body: { refreshToken: tokens.refreshToken } });
    expect(refreshed.body.expiresIn).toBeLessThanOrEqual(15 * 60);
  });
});

describe("maxSessions on a managed member", () => {
  it("ends the oldest session when signing in beyond the limit", async () => {
    const owner = await registerVerifiedUser();
    const managed = await addManagedMember(owner.accessToken, owner.accountId, "standard");
    const limit = await api("PATCH", `/v1/accounts/${owner.accountId}/members/${managed.userId}`, {
      token: owner.accessToken,
      body: { maxSessions: 2 },
    });
    expect(limit.status).toBe(200);
    const second = await signIn(managed.login);
    const third = await signIn(managed.login);
    const live = await sessionsOf(third.accessToken);
    expect(live).toHaveLength(2);
    // The first sign-in (addManagedMember's) was the oldest: it is gone.
    const [newest, older] = live;
    expect(newest?.current).toBe(true);
    expect((await api("POST", "/v1/auth/refresh", { body: { refreshToken: second.refreshToken } })).status).toBe(200);
    expect(older?.sessionId).toBeDefined();
    const activity = await api("GET", "/v1/me/activity", { token: third.accessToken });
    expect(activity.body.items.map((i: { type: string }) => i.type)).toContain("session_revoked");

    const lifted = await api("PATCH", `/v1/accounts/${owner.accountId}/members/${managed.userId}`, {
      token: owner.accessToken,
      body: { maxSessions: null },
    });
    expect(lifted.status).toBe(200);
    await signIn(managed.login);
    expect(await sessionsOf(third.accessToken)).toHaveLength(3);
  });

  it("with a limit of 1, a new sign-in makes the previous refresh token stop working", async () => {
    const owner = await registerVerifiedUser();
    const managed = await addManagedMember(owner.accessToken, owner.accountId, "viewer");
    await api("PATCH", `/v1/accounts/${owner.accountId}/members/${managed.userId}`, {
      token: owner.accessToken,
      body: { maxSessions: 1 },
    });
    const first = await signIn(managed.login);
    const second = await signIn(managed.login);
    expect((await api("POST", "/v1/auth/refresh", { body: { refreshToken: first.refreshToken } })).status).toBe(401);
    expect((await api("POST", "/v1/auth/refresh", { body: { refreshToken: second.refreshToken } })).status).toBe(200);
    expect(await sessionsOf(second.accessToken)).toHaveLength(1);
  });

  it("is 403 identity_not_managed for a member who owns another account", async () => {
    const owner = await registerVerifiedUser();
    const otherOwner = await registerVerifiedUser();
    const invitation = await api("POST", `/v1/accounts/${owner.accountId}/invitations`, {
      token: owner.accessToken,
      body: { email: otherOwner.email, role: "viewer" },
    });
    const accepted = await api(
      "POST",
      `/v1/invitations/${new URL(invitation.body.link).searchParams.get("token")}/accept`,
      { token: otherOwner.accessToken },
    );
    expect(accepted.status).toBeLessThan(300);
    const refused = await api("PATCH", `/v1/accounts/${owner.accountId}/members/${otherOwner.userId}`, {
      token: owner.accessToken,
      body: { maxSessions: 3 },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("identity_not_managed");
  });

  it("validates the limit (1..100 or null)", async () => {
    const owner = await registerVerifiedUser();
    const managed = await addManagedMember(owner.accessToken, owner.accountId, "viewer");
    for (const maxSessions of [0, 101, 2.5, "3"]) {
      const response = await api("PATCH", `/v1/accounts/${owner.accountId}/members/${managed.userId}`, {
        token: owner.accessToken,
        body: { maxSessions },
      });
      expect(response.status).toBe(400);
    }
  });

  it("is 404 from another tenant", async () => {
    const owner = await registerVerifiedUser();
    const stranger = await registerVerifiedUser();
    const managed = await addManagedMember(owner.accessToken, owner.accountId, "viewer");
    const response = await api("PATCH", `/v1/accounts/${owner.accountId}/members/${managed.userId}`, {
      token: stranger.accessToken,
      body: { maxSessions: 1 },
    });
    expect(response.status).toBe(404);
  });
});

describe("deleting a user", () => {
  it("ends every session of theirs: refresh tokens are refused and no session is left", async () => {
    const owner = await registerVerifiedUser();
    const managed = await addManagedMember(owner.accessToken, owner.accountId, "viewer");
    const tokens = await signIn(managed.login);
    const deleted = await api("DELETE", `/v1/accounts/${owner.accountId}/members/${managed.userId}?deleteUser=true`, {
      token: owner.accessToken,
    });
    expect(deleted.status).toBe(204);
    const refused = await eventually(
      async () => {
        await runPrivacyJob();
        const refresh = await api("POST", "/v1/auth/refresh", { body: { refreshToken: tokens.refreshToken } });
        const left = (await itemsKeyedBy(managed.userId)).filter((item) =>
          ["userSession", "securityActivity", "totpFactor"].includes(String(item.__edb_e__)),
        );
        return refresh.status === 401 && left.length === 0 && refresh;
      },
      { what: "the deleted user's sessions to end", timeoutMs: 20_000 },
    );
    expect(refused.body.code).toBe("invalid_token");
  });
});
