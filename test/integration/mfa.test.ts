import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { api, registerVerifiedUser, waitForMessage } from "../harness/api.ts";
import { Authenticator, signInWithTotp, turnOnTotp } from "./mfa-fixtures.ts";

describe("TOTP enrolment", () => {
  it("returns a secret, an otpauth URI and a QR code as SVG, and GET /v1/me shows mfa.totp", async () => {
    const user = await registerVerifiedUser();
    expect((await api("GET", "/v1/me", { token: user.accessToken })).body.mfa).toEqual({ totp: false });
    const enrolled = await api("POST", "/v1/me/mfa/totp", { token: user.accessToken });
    expect(enrolled.status).toBe(200);
    expect(enrolled.body.secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(enrolled.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Tenantry:/);
    expect(enrolled.body.otpauthUri).toContain(`secret=${enrolled.body.secret}`);
    expect(enrolled.body.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    // Not on until a code confirms it.
    expect((await api("GET", "/v1/me", { token: user.accessToken })).body.mfa).toEqual({ totp: false });

    const device = new Authenticator(enrolled.body.secret);
    const confirmed = await api("POST", "/v1/me/mfa/totp/verify", {
      token: user.accessToken,
      body: { code: await device.nextCode() },
    });
    expect(confirmed.status).toBe(204);
    expect((await api("GET", "/v1/me", { token: user.accessToken })).body.mfa).toEqual({ totp: true });
  });

  it("refuses a wrong or expired confirmation code with 403 mfa_invalid and stays off", async () => {
    const user = await registerVerifiedUser();
    const enrolled = await api("POST", "/v1/me/mfa/totp", { token: user.accessToken });
    const device = new Authenticator(enrolled.body.secret);
    for (const code of ["000000", device.expiredCode()]) {
      const response = await api("POST", "/v1/me/mfa/totp/verify", { token: user.accessToken, body: { code } });
      expect(response.status).toBe(403);
      expect(response.body.code).toBe("mfa_invalid");
    }
    const malformed = await api("POST", "/v1/me/mfa/totp/verify", { token: user.accessToken, body: { code: "12ab" } });
    expect(malformed.status).toBe(400);
    expect((await api("GET", "/v1/me", { token: user.accessToken })).body.mfa).toEqual({ totp: false });
  });

  it("refuses to confirm before enrolling (409) and to enrol again while on (409)", async () => {
    const user = await registerVerifiedUser();
    const early = await api("POST", "/v1/me/mfa/totp/verify", { token: user.accessToken, body: { code: "123456" } });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe("mfa_not_enrolled");
    await turnOnTotp(user);
    const again = await api("POST", "/v1/me/mfa/totp", { token: user.accessToken });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("mfa_already_enabled");
  });
});

describe("sign-in with a TOTP challenge", () => {
  it("answers the password with a challenge, then the code with tokens that refresh", async () => {
    const user = await registerVerifiedUser();
    const device = await turnOnTotp(user);
    const first = await api("POST", "/v1/auth/login", { body: { username: user.email, password: user.password } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ challenge: "totp", session: expect.any(String) });
    expect(first.body.accessToken).toBeUndefined();

    const second = await api("POST", "/v1/auth/login/mfa", {
      body: { session: first.body.session, code: await device.nextCode() },
    });
    expect(second.status).toBe(200);
    expect(decodeJwt(second.body.accessToken).sub).toBe(user.userId);
    const refreshed = await api("POST", "/v1/auth/refresh", { body: { refreshToken: second.body.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await api("GET", "/v1/me", { token: refreshed.body.accessToken })).status).toBe(200);
  });

  it("refuses a wrong, an expired and a replayed code with 401 mfa_invalid", async () => {
    const user = await registerVerifiedUser();
    const device = await turnOnTotp(user);
    const challenge = async () =>
      (await api("POST", "/v1/auth/login", { body: { username: user.email, password: user.password } })).body.session;
    for (const code of ["000000", device.expiredCode(), device.spentCode()]) {
      const response = await api("POST", "/v1/auth/login/mfa", { body: { session: await challenge(), code } });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe("mfa_invalid");
    }
  });

  it("refuses a forged or tampered challenge session with 401 invalid_token", async () => {
    const user = await registerVerifiedUser();
    const device = await turnOnTotp(user);
    const first = await api("POST", "/v1/auth/login", { body: { username: user.email, password: user.password } });
    const tampered = `${first.body.session.slice(0, -4)}AAAA`;
    for (const session of ["not-a-session", tampered]) {
      const response = await api("POST", "/v1/auth/login/mfa", { body: { session, code: await device.nextCode() } });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe("invalid_token");
    }
  });

  it("a wrong password still gets 401 invalid_credentials, not a challenge", async () => {
    const user = await registerVerifiedUser();
    await turnOnTotp(user);
    const response = await api("POST", "/v1/auth/login", {
      body: { username: user.email, password: "wrong-password-1" },
    });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe("invalid_credentials");
  });
});

describe("security notices", () => {
  it("tells the user in their language that two-factor sign-in was turned on", async () => {
    const user = await registerVerifiedUser({ locale: "ru" });
    await turnOnTotp(user);
    const notice = await waitForMessage(user.email, (m) => m.subject === "Двухфакторный вход включён");
    expect(notice.text).toContain("Здравствуйте");
    const polish = await registerVerifiedUser({ locale: "pl" });
    await turnOnTotp(polish);
    await waitForMessage(polish.email, (m) => m.subject === "Logowanie dwuskładnikowe jest włączone");
  });
});

describe("turning TOTP off", () => {
  it("needs a current code in X-MFA-Code; afterwards sign-in gives tokens directly", async () => {
    const user = await registerVerifiedUser();
    const device = await turnOnTotp(user);
    const missing = await api("DELETE", "/v1/me/mfa/totp", { token: user.accessToken });
    expect(missing.status).toBe(403);
    expect(missing.body.code).toBe("mfa_required");
    const wrong = await api("DELETE", "/v1/me/mfa/totp", {
      token: user.accessToken,
      headers: { "x-mfa-code": "000000" },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe("mfa_invalid");
    const off = await api("DELETE", "/v1/me/mfa/totp", {
      token: user.accessToken,
      headers: { "x-mfa-code": await device.nextCode() },
    });
    expect(off.status).toBe(204);
    expect((await api("GET", "/v1/me", { token: user.accessToken })).body.mfa).toEqual({ totp: false });
    const on = await waitForMessage(user.email, (m) => m.subject === "Two-factor sign-in is on");
    expect(on.text).toContain("authenticator app");
    await waitForMessage(user.email, (m) => m.subject === "Two-factor sign-in was turned off");
    const login = await api("POST", "/v1/auth/login", { body: { username: user.email, password: user.password } });
    expect(login.status).toBe(200);
    expect(login.body.accessToken).toEqual(expect.any(String));
  });

  it("is a 409 when TOTP is not on", async () => {
    const user = await registerVerifiedUser();
    const response = await api("DELETE", "/v1/me/mfa/totp", { token: user.accessToken });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe("mfa_not_enabled");
  });

  it("works for a user who signed in through the challenge", async () => {
    const user = await registerVerifiedUser();
    const device = await turnOnTotp(user);
    const tokens = await signInWithTotp(user.email, user.password, device);
    const off = await api("DELETE", "/v1/me/mfa/totp", {
      token: tokens.accessToken,
      headers: { "x-mfa-code": await device.nextCode() },
    });
    expect(off.status).toBe(204);
  });
});
