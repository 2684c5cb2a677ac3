import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { api, registerVerifiedUser } from "../harness/api.ts";
import { PROVIDER, uniqueProviderLogin } from "../harness/openid-provider-browser.ts";
import { turnOnTotp } from "./mfa-fixtures.ts";
import { linkProvider, signInWithProvider } from "./openid-fixtures.ts";

describe("external sign-in providers (OpenID Connect, against the local provider)", () => {
  it("lists the stage's providers without a token, and never their client secrets", async () => {
    const listed = await api("GET", "/v1/auth/providers");
    expect(listed.status).toBe(200);
    expect(listed.body.items).toContainEqual({
      provider: PROVIDER,
      displayName: expect.any(String),
      signUpAllowed: true,
    });
    expect(JSON.stringify(listed.body)).not.toContain("secret");
  });

  it("links a provider identity to a signed-in user, then signs in with it to the same token set as a password", async () => {
    const user = await registerVerifiedUser();
    const login = uniqueProviderLogin();
    const linked = await linkProvider(user.accessToken, login);
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ provider: PROVIDER, subject: login, email: login });

    const identities = await api("GET", "/v1/me/identities", { token: user.accessToken });
    expect(identities.body.items).toEqual([
      { provider: PROVIDER, subject: login, email: login, linkedAt: expect.any(String) },
    ]);

    const signedIn = await signInWithProvider(login);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({
      accessToken: expect.any(String),
      idToken: expect.any(String),
      refreshToken: expect.any(String),
    });
    expect(decodeJwt(signedIn.body.accessToken).sub).toBe(user.userId);
    // The API's JWT authorizer accepts the tokens, and they refresh like any others.
    const me = await api("GET", "/v1/me", { token: signedIn.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.userId).toBe(user.userId);
    const refreshed = await api("POST", "/v1/auth/refresh", { body: { refreshToken: signedIn.body.refreshToken } });
    expect(refreshed.status).toBe(200);

    const activity = await api("GET", "/v1/me/activity", { token: signedIn.body.accessToken });
    const types = activity.body.items.map((item: { type: string }) => item.type);
    expect(types).toContain("identity_linked");
    expect(types).toContain("signed_in_with_provider");
  });

  it("asks for the TOTP code of a user with two-factor sign-in on, as after a password", async () => {
    const user = await registerVerifiedUser();
    const device = await turnOnTotp(user);
    const login = uniqueProviderLogin();
    expect((await linkProvider(user.accessToken, login)).status).toBe(200);

    const first = await signInWithProvider(login);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ challenge: "totp", session: expect.any(String) });
    const wrong = await api("POST", "/v1/auth/login/mfa", {
      body: { session: first.body.session, code: device.expiredCode() },
    });
    expect(wrong.status).toBe(401);
    const second = await api("POST", "/v1/auth/login/mfa", {
      body: { session: first.body.session, code: await device.nextCode() },
    });
    expect(second.status).toBe(200);
    expect(decodeJwt(second.body.accessToken).sub).toBe(user.userId);
    expect((await api("GET", "/v1/me", { token: second.body.accessToken })).status).toBe(200);
  });
});
