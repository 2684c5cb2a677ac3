import { describe, expect, it } from "vitest";
import { api, registerVerifiedUser, tokenFromLink, waitForMessage } from "../harness/api.ts";
import { signInWithTotp, turnOnTotp } from "./mfa-fixtures.ts";
import { eventually, exportRecords, isExportEmail, runPrivacyJob, sesEmailsTo } from "./privacy-fixtures.ts";

const typesOf = async (accessToken: string) => {
  const response = await api("GET", "/v1/me/activity?limit=100", { token: accessToken });
  expect(response.status).toBe(200);
  return (response.body.items as Array<{ type: string }>).map((item) => item.type);
};

describe("GET /v1/me/activity", () => {
  it("records sign-ins ok and failed, with time, ip and user agent, newest first", async () => {
    const user = await registerVerifiedUser();
    const failed = await api("POST", "/v1/auth/login", {
      body: { username: user.email, password: "not-the-password" },
      headers: { "user-agent": "Attacker/0.1" },
    });
    expect(failed.status).toBe(401);
    const response = await api("GET", "/v1/me/activity", { token: user.accessToken });
    expect(response.status).toBe(200);
    expect(response.body.items[0]).toEqual({
      type: "sign_in_failed",
      at: expect.any(String),
      ip: expect.any(String),
      userAgent: "Attacker/0.1",
    });
    expect(response.body.items[1].type).toBe("signed_in");
    expect(response.body.items[0].at >= response.body.items[1].at).toBe(true);
  });

  it("records MFA on, a failed challenge, MFA off, a revoked session, sign-out and a password reset", async () => {
    const user = await registerVerifiedUser();
    const device = await turnOnTotp(user);
    const challenge = await api("POST", "/v1/auth/login", { body: { username: user.email, password: user.password } });
    await api("POST", "/v1/auth/login/mfa", { body: { session: challenge.body.session, code: "000000" } });
    const tokens = await signInWithTotp(user.email, user.password, device);
    await api("DELETE", "/v1/me/mfa/totp", {
      token: tokens.accessToken,
      headers: { "x-mfa-code": await device.nextCode() },
    });
    const sessions = await api("GET", "/v1/me/sessions", { token: tokens.accessToken });
    const other = sessions.body.items.find((s: { current: boolean }) => !s.current);
    expect((await api("DELETE", `/v1/me/sessions/${other.sessionId}`, { token: tokens.accessToken })).status).toBe(204);
    await api("POST", "/v1/auth/logout", { body: { refreshToken: tokens.refreshToken } });

    await api("POST", "/v1/auth/password/forgot", { body: { username: user.email } });
    const reset = await waitForMessage(user.email, (m) => m.links.some((l) => l.includes("/reset-password")));
    const changed = await api("POST", "/v1/auth/password/reset", {
      body: { token: tokenFromLink(reset, "/reset-password"), newPassword: "Another-Strong-Pass-7" },
    });
    expect(changed.status).toBe(204);
    const fresh = await api("POST", "/v1/auth/login", {
      body: { username: user.email, password: "Another-Strong-Pass-7" },
    });
    expect(await typesOf(fresh.body.accessToken)).toEqual([
      "signed_in",
      "password_reset",
      "signed_out",
      "session_revoked",
      "mfa_disabled",
      "signed_in",
      "mfa_challenge_failed",
      "mfa_enabled",
      "signed_in",
    ]);
  });

  it("pages with limit and cursor, and refuses another user's cursor with 400", async () => {
    const user = await registerVerifiedUser();
    for (let i = 0; i < 4; i += 1) {
      await api("POST", "/v1/auth/login", { body: { username: user.email, password: "wrong-password-x" } });
    }
    const first = await api("GET", "/v1/me/activity?limit=2", { token: user.accessToken });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api("GET", `/v1/me/activity?limit=2&cursor=${first.body.nextCursor}`, {
      token: user.accessToken,
    });
    expect(second.body.items).toHaveLength(2);
    const third = await api("GET", `/v1/me/activity?limit=2&cursor=${second.body.nextCursor}`, {
      token: user.accessToken,
    });
    expect(third.body.items.map((i: { type: string }) => i.type)).toEqual(["signed_in"]);

    const stranger = await registerVerifiedUser();
    const foreign = await api("GET", `/v1/me/activity?limit=2&cursor=${first.body.nextCursor}`, {
      token: stranger.accessToken,
    });
    expect(foreign.status).toBe(400);
    expect((await api("GET", "/v1/me/activity?limit=0", { token: user.accessToken })).status).toBe(400);
    expect((await api("GET", "/v1/me/activity")).status).toBe(401);
  });

  it("is part of the data export with the MFA status (never the secret) and the sessions", async () => {
    const user = await registerVerifiedUser();
    const device = await turnOnTotp(user);
    const secret = device.secret;
    const queued = await api("POST", "/v1/me/privacy/exports", {
      token: user.accessToken,
      headers: { "x-mfa-code": await device.nextCode() },
    });
    expect(queued.status).toBe(202);
    await runPrivacyJob();
    const [email] = await eventually(
      async () => {
        const emails = (await sesEmailsTo(user.email)).filter(isExportEmail);
        return emails.length > 0 && emails;
      },
      { what: "the export email" },
    );
    const records = exportRecords(email as NonNullable<typeof email>);
    const value = (section: string, field: string) =>
      records.filter((r) => r.section === section && r.field === field).map((r) => r.value);
    expect(value("mfa", "totp")).toEqual(["true"]);
    expect(value("sessions", "userAgent").length).toBe(1);
    expect(value("security_activity", "type")).toEqual(["mfa_enabled", "signed_in"]);
    expect(records.some((r) => r.value?.includes(secret))).toBe(false);
  });
});
