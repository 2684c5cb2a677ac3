import { describe, expect, it } from "vitest";
import {
  api,
  messagesTo,
  registerVerifiedUser,
  STRONG_PASSWORD,
  tokenFromLink,
  uniqueEmail,
  waitForMessage,
} from "../harness/api.ts";

const register = (email: string, extra: Record<string, unknown> = {}) =>
  api("POST", "/v1/auth/register", {
    body: { email, password: STRONG_PASSWORD, fullName: "Ada Lovelace", accountName: "Analytical Engines", ...extra },
  });

describe("registration", () => {
  it("creates the user and account, and emails a verification link", async () => {
    const email = uniqueEmail("reg");
    const response = await register(email);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ userId: expect.any(String), accountId: expect.any(String) });
    const message = await waitForMessage(email);
    expect(message.subject).toBe("Confirm your email address");
    expect(message.text).toContain("Ada Lovelace");
    expect(tokenFromLink(message, "/verify-email")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("sends the verification email in the user's locale", async () => {
    const email = uniqueEmail("ru");
    expect((await register(email, { locale: "ru" })).status).toBe(201);
    const message = await waitForMessage(email);
    expect(message.subject).toBe("Подтвердите адрес электронной почты");
    expect(message.text).toContain("Здравствуйте");
  });

  it("treats emails case-insensitively and refuses a taken one with 409", async () => {
    const email = uniqueEmail("dup");
    expect((await register(email)).status).toBe(201);
    const again = await register(email.toUpperCase());
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("email_taken");
  });

  it("creates exactly one user when the same email registers twice at once", async () => {
    const email = uniqueEmail("race");
    const results = await Promise.all([register(email), register(email), register(email)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const verificationEmails = await waitForMessage(email).then(() => messagesTo(email));
    expect(verificationEmails).toHaveLength(1);
  });

  it.each([
    ["shorter than 10 characters", "Sh0rt-pw"],
    ["on the breached list", "password123"],
  ])("rejects a password %s with 422 weak_password", async (_reason, password) => {
    const response = await register(uniqueEmail("weak"), { password });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe("weak_password");
    expect(response.body.errors[0].path).toBe("body.password");
  });

  it("rejects a password built from the email address", async () => {
    const email = uniqueEmail("margaret");
    const response = await register(email, { password: `${email.split("@")[0]}!!` });
    expect(response.status).toBe(422);
    expect(response.body.errors[0].message).toContain("email");
  });
});

describe("email verification and sign-in", () => {
  it("refuses sign-in before verification with 403, then signs in after following the link", async () => {
    const email = uniqueEmail("verify");
    await register(email);
    const early = await api("POST", "/v1/auth/login", { body: { username: email, password: STRONG_PASSWORD } });
    expect(early.status).toBe(403);
    expect(early.body.code).toBe("email_not_verified");

    const token = tokenFromLink(await waitForMessage(email), "/verify-email");
    expect((await api("POST", "/v1/auth/verify-email", { body: { token } })).status).toBe(204);
    const login = await api("POST", "/v1/auth/login", { body: { username: email, password: STRONG_PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({
      accessToken: expect.any(String),
      idToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: expect.any(Number),
    });
  });

  it("accepts a verification link once; reuse and unknown tokens are 410", async () => {
    const email = uniqueEmail("once");
    await register(email);
    const token = tokenFromLink(await waitForMessage(email), "/verify-email");
    expect((await api("POST", "/v1/auth/verify-email", { body: { token } })).status).toBe(204);
    const reuse = await api("POST", "/v1/auth/verify-email", { body: { token } });
    expect(reuse.status).toBe(410);
    expect(reuse.body.code).toBe("link_unusable");
    const unknown = await api("POST", "/v1/auth/verify-email", { body: { token: "x".repeat(43) } });
    expect(unknown.status).toBe(410);
  });

  it("resends a verification link on request, and says 202 for unknown addresses too", async () => {
    const email = uniqueEmail("resend");
    await register(email);
    await waitForMessage(email);
    expect((await api("POST", "/v1/auth/verify-email/resend", { body: { email } })).status).toBe(202);
    const second = await waitForMessage(email, () => true, { skip: 1 });
    expect(
      (await api("POST", "/v1/auth/verify-email", { body: { token: tokenFromLink(second, "/verify-email") } })).status,
    ).toBe(204);

    const stranger = uniqueEmail("nobody");
    expect((await api("POST", "/v1/auth/verify-email/resend", { body: { email: stranger } })).status).toBe(202);
  });

  it("answers a wrong password and an unknown user alike with 401 invalid_credentials", async () => {
    const user = await registerVerifiedUser();
    const wrong = await api("POST", "/v1/auth/login", {
      body: { username: user.email, password: "Not-The-Password-1" },
    });
    const unknown = await api("POST", "/v1/auth/login", {
      body: { username: uniqueEmail("ghost"), password: STRONG_PASSWORD },
    });
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.body.code).toBe("invalid_credentials");
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  it("locks a username after 5 attempts without a success, briefly (progressive, not a flat 15 minutes)", async () => {
    const email = uniqueEmail("brute");
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof api>> | undefined;
    for (let attempt = 0; attempt < 6; attempt += 1) {
      last = await api("POST", "/v1/auth/login", { body: { username: email, password: "Wrong-Password-123" } });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // The first lock lasts SIGN_IN_LOCKOUT_BASE_SECONDS (15 by default), not a quarter of an hour.
    const retryAfter = Number(last?.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15);
    expect(last?.headers.get("ratelimit-remaining")).toBe("0");
    expect(last?.headers.get("ratelimit-reset")).toBe(String(retryAfter));
  });
});

describe("tokens", () => {
  it("refreshes, and a logged-out refresh token stops working", async () => {
    const user = await registerVerifiedUser();
    const refreshed = await api("POST", "/v1/auth/refresh", { body: { refreshToken: user.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await api("GET", "/v1/me", { token: refreshed.body.accessToken })).status).toBe(200);

    expect((await api("POST", "/v1/auth/logout", { body: { refreshToken: user.refreshToken } })).status).toBe(204);
    const after = await api("POST", "/v1/auth/refresh", { body: { refreshToken: user.refreshToken } });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe("invalid_token");
  });

  it.each([
    ["no token", undefined],
    ["a malformed token", "not-a-jwt"],
    ["an id token instead of an access token", "ID"],
  ])("protects /v1/me against %s with 401", async (_case, token) => {
    const bearer = token === "ID" ? (await registerVerifiedUser()).idToken : token;
    const response = await api("GET", "/v1/me", bearer ? { token: bearer } : {});
    expect(response.status).toBe(401);
    expect(response.body.code).toBe("invalid_token");
  });
});

describe("password reset", () => {
  it("emails a reset link, sets the new password once, and notifies the user", async () => {
    const user = await registerVerifiedUser();
    expect((await api("POST", "/v1/auth/password/forgot", { body: { username: user.email } })).status).toBe(202);
    const message = await waitForMessage(user.email, (m) => m.subject === "Reset your password");
    const token = tokenFromLink(message, "/reset-password");

    const weak = await api("POST", "/v1/auth/password/reset", { body: { token, newPassword: "password123" } });
    expect(weak.status).toBe(422);

    const newPassword = "Brand-New-Secret-42";
    expect((await api("POST", "/v1/auth/password/reset", { body: { token, newPassword } })).status).toBe(204);
    expect((await api("POST", "/v1/auth/password/reset", { body: { token, newPassword } })).status).toBe(410);

    expect(
      (await api("POST", "/v1/auth/login", { body: { username: user.email, password: newPassword } })).status,
    ).toBe(200);
    expect(
      (await api("POST", "/v1/auth/login", { body: { username: user.email, password: user.password } })).status,
    ).toBe(401);
    await waitForMessage(user.email, (m) => m.subject === "Your password was changed");
  });

  it("answers 202 for an unknown user and sends nothing", async () => {
    const email = uniqueEmail("unknown-reset");
    expect((await api("POST", "/v1/auth/password/forgot", { body: { username: email } })).status).toBe(202);
    // The known user's reset below goes through the same event path; once it arrives, nothing for the stranger can still be in flight.
    const known = await registerVerifiedUser();
    await api("POST", "/v1/auth/password/forgot", { body: { username: known.email } });
    await waitForMessage(known.email, (m) => m.subject === "Reset your password");
    expect(await messagesTo(email)).toHaveLength(0);
  });
});
