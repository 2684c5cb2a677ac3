import { randomBytes } from "node:crypto";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { LOCAL_OPENID_OTHER_CLIENT } from "../../local/openid-provider.ts";
import { api, registerVerifiedUser, type TestUser, tokenFromLink, waitForMessage } from "../harness/api.ts";
import { PROVIDER, signInAtProvider, uniqueProviderLogin } from "../harness/openid-provider-browser.ts";
import { linkProvider, signInWithProvider } from "./openid-fixtures.ts";

const startSignIn = async () => {
  const started = await api("POST", `/v1/auth/providers/${PROVIDER}/sign-in`);
  expect(started.status).toBe(200);
  return new URL(started.body.authorizationUrl as string);
};
const callback = (body: unknown) => api("POST", `/v1/auth/providers/${PROVIDER}/sign-in/callback`, { body });

describe("external sign-in refuses what it cannot trust", () => {
  it("refuses a forged state, and a state used once already", async () => {
    const login = uniqueProviderLogin();
    const answer = await signInAtProvider((await startSignIn()).toString(), login);
    const forged = await callback({ ...answer, state: randomBytes(32).toString("base64url") });
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe("invalid_request");

    const first = await callback(answer);
    expect(first.status).toBe(200);
    const again = await callback(answer);
    expect(again.status).toBe(400);
  });

  it("spends an attempt once when 20 callbacks bring the same answer at once", async () => {
    const login = uniqueProviderLogin();
    const answer = await signInAtProvider((await startSignIn()).toString(), login);
    const results = await Promise.all(Array.from({ length: 20 }, () => callback(answer)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400)).toHaveLength(19);
  });

  it("refuses an ID token whose nonce is not the attempt's", async () => {
    const url = await startSignIn();
    url.searchParams.set("nonce", randomBytes(32).toString("base64url"));
    const answer = await signInAtProvider(url.toString(), uniqueProviderLogin());
    const refused = await callback(answer);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe("invalid_token");
  });

  it("refuses an authorization issued to another client (its ID token is for another audience)", async () => {
    const url = await startSignIn();
    url.searchParams.set("client_id", LOCAL_OPENID_OTHER_CLIENT.clientId);
    const answer = await signInAtProvider(url.toString(), uniqueProviderLogin());
    const refused = await callback(answer);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe("invalid_token");
  });

  it("refuses to sign up with an address the provider did not verify", async () => {
    const refused = await signInWithProvider(uniqueProviderLogin("unknown", { verified: false }));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("email_not_verified");
  });

  it("never links by email alone: a verified address of an existing user asks them to link first", async () => {
    const user = await registerVerifiedUser();
    const refused = await signInWithProvider(user.email);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("identity_not_linked");
    const identities = await api("GET", "/v1/me/identities", { token: user.accessToken });
    expect(identities.body.items).toEqual([]);
  });

  it("refuses a subject already linked to someone else (409 identity_taken)", async () => {
    const [first, second] = await Promise.all([registerVerifiedUser(), registerVerifiedUser()]);
    const login = uniqueProviderLogin();
    expect((await linkProvider(first.accessToken, login)).status).toBe(200);
    const taken = await linkProvider(second.accessToken, login);
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe("identity_taken");
    // Linking the identity one already holds again is no conflict.
    expect((await linkProvider(first.accessToken, login)).status).toBe(200);
  });

  it("links a subject to one user only when 20 link it at once", async () => {
    const users: TestUser[] = [];
    // Registered a few at a time (each waits for its verification mail); the race is the callbacks.
    while (users.length < 20)
      users.push(...(await Promise.all(Array.from({ length: 5 }, () => registerVerifiedUser()))));
    const login = uniqueProviderLogin("contested");
    // Everyone is through the provider before any callback, so the callbacks race.
    const answers = await Promise.all(
      users.map(async (user) => {
        const started = await api("POST", `/v1/me/identities/${PROVIDER}/link`, { token: user.accessToken });
        return { user, answer: await signInAtProvider(started.body.authorizationUrl, login) };
      }),
    );
    const results = await Promise.all(
      answers.map(({ user, answer }) =>
        api("POST", `/v1/me/identities/${PROVIDER}/link/callback`, { token: user.accessToken, body: answer }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && r.body.code === "identity_taken")).toHaveLength(19);
    const winner = users[results.findIndex((r) => r.status === 200)];
    const signedIn = await signInWithProvider(login);
    expect(decodeJwt(signedIn.body.accessToken).sub).toBe(winner?.userId);
  }, 180_000);

  it("refuses a link answer brought by another user than the one who started it", async () => {
    const [owner, other] = await Promise.all([registerVerifiedUser(), registerVerifiedUser()]);
    const started = await api("POST", `/v1/me/identities/${PROVIDER}/link`, { token: owner.accessToken });
    const answer = await signInAtProvider(started.body.authorizationUrl, uniqueProviderLogin());
    const refused = await api("POST", `/v1/me/identities/${PROVIDER}/link/callback`, {
      token: other.accessToken,
      body: answer,
    });
    expect(refused.status).toBe(400);
    expect((await api("GET", "/v1/me/identities", { token: other.accessToken })).body.items).toEqual([]);
  });

  it("refuses a sign-in answer at the link callback and a link answer at the sign-in callback", async () => {
    const user = await registerVerifiedUser();
    const signInAnswer = await signInAtProvider((await startSignIn()).toString(), uniqueProviderLogin());
    const atLink = await api("POST", `/v1/me/identities/${PROVIDER}/link/callback`, {
      token: user.accessToken,
      body: signInAnswer,
    });
    expect(atLink.status).toBe(400);
    const started = await api("POST", `/v1/me/identities/${PROVIDER}/link`, { token: user.accessToken });
    const linkAnswer = await signInAtProvider(started.body.authorizationUrl, uniqueProviderLogin());
    expect((await callback(linkAnswer)).status).toBe(400);
  });

  it("answers 404 for a provider the stage does not have", async () => {
    expect((await api("POST", "/v1/auth/providers/nowhere/sign-in")).status).toBe(404);
  });
});

describe("sign-up through a provider, and keeping one way to sign in", () => {
  it("signs up a new user with the verified address, who cannot unlink their only way in", async () => {
    const login = uniqueProviderLogin("newcomer");
    const signedUp = await signInWithProvider(login);
    expect(signedUp.status).toBe(200);
    const token = signedUp.body.accessToken as string;
    const me = await api("GET", "/v1/me", { token });
    expect(me.body).toMatchObject({ email: login });
    // The same identity signs in as the same user again.
    const again = await signInWithProvider(login);
    expect(decodeJwt(again.body.accessToken).sub).toBe(decodeJwt(token).sub);

    const refused = await api("DELETE", `/v1/me/identities/${PROVIDER}`, { token });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("last_sign_in_method");
    expect((await api("GET", "/v1/me/identities", { token })).body.items).toHaveLength(1);
  });

  it("lets a user who signed up through a provider unlink once they set a password (reset link)", async () => {
    const login = uniqueProviderLogin("later-password");
    const signedUp = await signInWithProvider(login);
    const token = signedUp.body.accessToken as string;
    expect((await api("POST", "/v1/auth/password/forgot", { body: { username: login } })).status).toBe(202);
    const message = await waitForMessage(login, (m) => m.subject === "Reset your password");
    const newPassword = "Brand-New-Secret-42";
    const reset = await api("POST", "/v1/auth/password/reset", {
      body: { token: tokenFromLink(message, "/reset-password"), newPassword },
    });
    expect(reset.status).toBe(204);
    expect((await api("DELETE", `/v1/me/identities/${PROVIDER}`, { token })).status).toBe(204);
    const withPassword = await api("POST", "/v1/auth/login", { body: { username: login, password: newPassword } });
    expect(withPassword.status).toBe(200);
  });

  it("unlinks for a user who also has a password; the identity then signs in as them no more", async () => {
    const user = await registerVerifiedUser();
    const login = uniqueProviderLogin();
    await linkProvider(user.accessToken, login);
    const unlinked = await api("DELETE", `/v1/me/identities/${PROVIDER}`, { token: user.accessToken });
    expect(unlinked.status).toBe(204);
    expect((await api("GET", "/v1/me/identities", { token: user.accessToken })).body.items).toEqual([]);
    expect((await api("DELETE", `/v1/me/identities/${PROVIDER}`, { token: user.accessToken })).status).toBe(404);
    const activity = await api("GET", "/v1/me/activity", { token: user.accessToken });
    expect(activity.body.items.map((item: { type: string }) => item.type)).toContain("identity_unlinked");
    const signedIn = await signInWithProvider(login);
    if (signedIn.status === 200) expect(decodeJwt(signedIn.body.accessToken).sub).not.toBe(user.userId);
  });
});
