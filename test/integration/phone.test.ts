import { describe, expect, it } from "vitest";
import { api, messagesTo, registerVerifiedUser, STRONG_PASSWORD, uniqueEmail } from "../harness/api.ts";
import { confirmPhone, smsCode, uniquePhone, wrongCodeFor } from "./phone-fixtures.ts";

describe("PUT /v1/me/phone", () => {
  it("sets an unconfirmed phone, normalised to E.164, shown on GET /v1/me", async () => {
    const user = await registerVerifiedUser();
    expect((await api("GET", "/v1/me", { token: user.accessToken })).body.phone).toBeNull();
    const number = uniquePhone();
    const spaced = `${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6, 9)} ${number.slice(9)}`;
    const set = await api("PUT", "/v1/me/phone", { token: user.accessToken, body: { phone: spaced } });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ number, status: "unconfirmed" });
    expect((await api("GET", "/v1/me", { token: user.accessToken })).body.phone).toEqual({
      number,
      status: "unconfirmed",
    });
  });

  it.each([
    ["no country code", "601234567"],
    ["an impossible number", "+48123"],
    ["letters", "+48abc123456"],
    ["an empty string", ""],
  ])("refuses %s with 400", async (_case, phone) => {
    const user = await registerVerifiedUser();
    const response = await api("PUT", "/v1/me/phone", { token: user.accessToken, body: { phone } });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("invalid_request");
    expect((await api("GET", "/v1/me", { token: user.accessToken })).body.phone).toBeNull();
  });

  it("replaces an unconfirmed phone, but never a confirmed one (409 phone_confirmed)", async () => {
    const user = await registerVerifiedUser();
    const first = uniquePhone();
    await api("PUT", "/v1/me/phone", { token: user.accessToken, body: { phone: uniquePhone() } });
    await confirmPhone(user.accessToken, first);
    const overwrite = await api("PUT", "/v1/me/phone", { token: user.accessToken, body: { phone: uniquePhone() } });
    expect(overwrite.status).toBe(409);
    expect(overwrite.body.code).toBe("phone_confirmed");
    expect((await api("GET", "/v1/me", { token: user.accessToken })).body.phone).toEqual({
      number: first,
      status: "confirmed",
    });
  });

  it("needs a signed-in user", async () => {
    expect((await api("PUT", "/v1/me/phone", { body: { phone: uniquePhone() } })).status).toBe(401);
  });
});

describe("phone verification by SMS", () => {
  it("sends a 6-digit code to the number and confirms the phone with it", async () => {
    const user = await registerVerifiedUser({ locale: "pl" });
    const number = uniquePhone();
    await api("PUT", "/v1/me/phone", { token: user.accessToken, body: { phone: number } });
    const sent = await api("POST", "/v1/me/phone/verification", { token: user.accessToken });
    expect(sent.status).toBe(202);
    const expiresIn = Date.parse(sent.body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(9 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(10 * 60_000);
    expect(Date.parse(sent.body.resendAfter) - Date.now()).toBeLessThanOrEqual(60_000);

    const { code, message } = await smsCode(number);
    expect(message).toMatchObject({ channel: "sms", to: number, subject: null });
    expect(message.text).toContain("kod Tenantry"); // the user's locale
    const confirmed = await api("POST", "/v1/me/phone/verification/confirm", {
      token: user.accessToken,
      body: { code },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ number, status: "confirmed" });
    expect((await api("GET", "/v1/me", { token: user.accessToken })).body.phone).toEqual({
      number,
      status: "confirmed",
    });
  });

  it("accepts a code once: replaying it after the confirmation changes nothing (409 phone_confirmed)", async () => {
    const user = await registerVerifiedUser();
    const number = uniquePhone();
    await api("PUT", "/v1/me/phone", { token: user.accessToken, body: { phone: number } });
    await api("POST", "/v1/me/phone/verification", { token: user.accessToken });
    const { code } = await smsCode(number);
    const path = "/v1/me/phone/verification/confirm";
    expect((await api("POST", path, { token: user.accessToken, body: { code } })).status).toBe(200);
    // The phone is confirmed now: confirming again is a conflict, not a second use.
    const replay = await api("POST", path, { token: user.accessToken, body: { code } });
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe("phone_confirmed");
  });

  it("counts wrong codes (422 code_invalid) and voids the code at the fifth (410 code_expired)", async () => {
    const user = await registerVerifiedUser();
    const number = uniquePhone();
    await api("PUT", "/v1/me/phone", { token: user.accessToken, body: { phone: number } });
    await api("POST", "/v1/me/phone/verification", { token: user.accessToken });
    const { code } = await smsCode(number);
    const path = "/v1/me/phone/verification/confirm";
    const wrong = wrongCodeFor(code);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const response = await api("POST", path, { token: user.accessToken, body: { code: wrong } });
      expect(response.status).toBe(422);
      expect(response.body.code).toBe("code_invalid");
      expect(response.body.detail).toContain(`${5 - attempt} attempt`);
    }
    const fifth = await api("POST", path, { token: user.accessToken, body: { code: wrong } });
    expect(fifth.status).toBe(410);
    expect(fifth.body.code).toBe("code_expired");
    // Voided: even the right code no longer works.
    const right = await api("POST", path, { token: user.accessToken, body: { code } });
    expect(right.status).toBe(410);
    expect(right.body.code).toBe("code_expired");
    expect((await api("GET", "/v1/me", { token: user.accessToken })).body.phone.status).toBe("unconfirmed");
  });

  it("refuses a second code within 60 s (429 + Retry-After) and sends no second SMS", async () => {
    const user = await registerVerifiedUser();
    const number = uniquePhone();
    await api("PUT", "/v1/me/phone", { token: user.accessToken, body: { phone: number } });
    expect((await api("POST", "/v1/me/phone/verification", { token: user.accessToken })).status).toBe(202);
    const again = await api("POST", "/v1/me/phone/verification", { token: user.accessToken });
    expect(again.status).toBe(429);
    expect(again.body.code).toBe("rate_limited");
    const retryAfter = Number(again.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await smsCode(number);
    expect((await messagesTo(number)).filter((m) => m.channel === "sms")).toHaveLength(1);
  });

  it("410 when no code was sent, 400 for a malformed code, 422 without a phone", async () => {
    const user = await registerVerifiedUser();
    const path = "/v1/me/phone/verification/confirm";
    const noPhone = await api("POST", "/v1/me/phone/verification", { token: user.accessToken });
    expect(noPhone.status).toBe(422);
    expect(noPhone.body.code).toBe("phone_required");
    await api("PUT", "/v1/me/phone", { token: user.accessToken, body: { phone: uniquePhone() } });
    const never = await api("POST", path, { token: user.accessToken, body: { code: "123456" } });
    expect(never.status).toBe(410);
    for (const code of ["12345", "1234567", "abcdef", 123456]) {
      expect((await api("POST", path, { token: user.accessToken, body: { code } })).status).toBe(400);
    }
  });

  it("a code sent to a number the user then replaced confirms nothing", async () => {
    const user = await registerVerifiedUser();
    const first = uniquePhone();
    await api("PUT", "/v1/me/phone", { token: user.accessToken, body: { phone: first } });
    await api("POST", "/v1/me/phone/verification", { token: user.accessToken });
    const { code } = await smsCode(first);
    const second = uniquePhone();
    await api("PUT", "/v1/me/phone", { token: user.accessToken, body: { phone: second } });
    const response = await api("POST", "/v1/me/phone/verification/confirm", {
      token: user.accessToken,
      body: { code },
    });
    expect(response.status).toBe(410);
    expect((await api("GET", "/v1/me", { token: user.accessToken })).body.phone).toEqual({
      number: second,
      status: "unconfirmed",
    });
  });

  it("of 20 parallel confirmations with the right code exactly one succeeds", async () => {
    const user = await registerVerifiedUser();
    const number = uniquePhone();
    await api("PUT", "/v1/me/phone", { token: user.accessToken, body: { phone: number } });
    await api("POST", "/v1/me/phone/verification", { token: user.accessToken });
    const { code } = await smsCode(number);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        api("POST", "/v1/me/phone/verification/confirm", { token: user.accessToken, body: { code } }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    // The losers saw the code spent (410) or the phone already confirmed (409): never a 5xx.
    expect(statuses.every((s) => s === 200 || s === 410 || s === 409)).toBe(true);
  });

  it("of 20 parallel change confirmations with the right code exactly one clears the phone", async () => {
    const user = await registerVerifiedUser();
    const number = uniquePhone();
    await confirmPhone(user.accessToken, number);
    await api("POST", "/v1/me/phone/change", { token: user.accessToken });
    const { code } = await smsCode(number, 1);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        api("POST", "/v1/me/phone/change/confirm", { token: user.accessToken, body: { code } }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 204)).toHaveLength(1);
    expect(statuses.every((s) => s === 204 || s === 410 || s === 422)).toBe(true);
  });
});

describe("changing a confirmed phone", () => {
  it("sends the code to the OLD number; confirming clears the phone so a new one can be set", async () => {
    const user = await registerVerifiedUser({ locale: "ru" });
    const old = uniquePhone();
    await confirmPhone(user.accessToken, old);
    const started = await api("POST", "/v1/me/phone/change", { token: user.accessToken });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ expiresAt: expect.any(String), resendAfter: expect.any(String) });
    const { code, message } = await smsCode(old, 1);
    expect(message.text).toContain("смены номера");

    const cleared = await api("POST", "/v1/me/phone/change/confirm", { token: user.accessToken, body: { code } });
    expect(cleared.status).toBe(204);
    expect((await api("GET", "/v1/me", { token: user.accessToken })).body.phone).toBeNull();

    const fresh = uniquePhone();
    await confirmPhone(user.accessToken, fresh);
    expect((await api("GET", "/v1/me", { token: user.accessToken })).body.phone).toEqual({
      number: fresh,
      status: "confirmed",
    });
    // The security log shows each confirmation and the removal, newest first.
    const activity = await api("GET", "/v1/me/activity", { token: user.accessToken });
    expect(
      activity.body.items.map((e: { type: string }) => e.type).filter((t: string) => t.startsWith("phone_")),
    ).toEqual(["phone_confirmed", "phone_removed", "phone_confirmed"]);
  });

  it("is only for a confirmed phone (422 phone_not_confirmed) and wants the right code", async () => {
    const user = await registerVerifiedUser();
    const number = uniquePhone();
    await api("PUT", "/v1/me/phone", { token: user.accessToken, body: { phone: number } });
    const unconfirmed = await api("POST", "/v1/me/phone/change", { token: user.accessToken });
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.body.code).toBe("phone_not_confirmed");

    await api("POST", "/v1/me/phone/verification", { token: user.accessToken });
    const { code } = await smsCode(number);
    await api("POST", "/v1/me/phone/verification/confirm", { token: user.accessToken, body: { code } });
    await api("POST", "/v1/me/phone/change", { token: user.accessToken });
    const changeCode = (await smsCode(number, 1)).code;
    const wrong = await api("POST", "/v1/me/phone/change/confirm", {
      token: user.accessToken,
      body: { code: wrongCodeFor(changeCode) },
    });
    expect(wrong.status).toBe(422);
    // The verification code does not work for the change.
    if (code !== changeCode) {
      const other = await api("POST", "/v1/me/phone/change/confirm", { token: user.accessToken, body: { code } });
      expect(other.status).toBe(422);
    }
    const again = await api("POST", "/v1/me/phone/change", { token: user.accessToken });
    expect(again.status).toBe(429);
    expect((await api("GET", "/v1/me", { token: user.accessToken })).body.phone.status).toBe("confirmed");
  });
});

describe("phone on the member view", () => {
  it("shows a member's phone and status to the account's admins", async () => {
    const owner = await registerVerifiedUser();
    const number = uniquePhone();
    const managed = await api("POST", `/v1/accounts/${owner.accountId}/members`, {
      token: owner.accessToken,
      body: {
        login: `ph-${Date.now()}`,
        password: "Correct-Horse-Battery-9",
        fullName: "Phoned",
        phone: number,
        role: "standard",
      },
    });
    expect(managed.status).toBe(201);
    const view = await api("GET", `/v1/accounts/${owner.accountId}/members/${managed.body.userId}`, {
      token: owner.accessToken,
    });
    expect(view.status).toBe(200);
    expect(view.body.phone).toEqual({ number, status: "unconfirmed" });

    await confirmPhone(owner.accessToken, uniquePhone());
    const ownerView = await api("GET", `/v1/accounts/${owner.accountId}/members/${owner.userId}`, {
      token: owner.accessToken,
    });
    expect(ownerView.body.phone.status).toBe("confirmed");
  });

  it("a managed user created with a phone sees it unconfirmed and can confirm it", async () => {
    const owner = await registerVerifiedUser();
    const number = uniquePhone();
    const login = `pm-${Date.now()}`;
    await api("POST", `/v1/accounts/${owner.accountId}/members`, {
      token: owner.accessToken,
      body: { login, password: "Correct-Horse-Battery-9", fullName: "Managed Phone", phone: number, role: "viewer" },
    });
    const signIn = await api("POST", "/v1/auth/login", {
      body: { username: login, password: "Correct-Horse-Battery-9" },
    });
    const token = signIn.body.accessToken as string;
    expect((await api("GET", "/v1/me", { token })).body.phone).toEqual({ number, status: "unconfirmed" });
    expect((await api("POST", "/v1/me/phone/verification", { token })).status).toBe(202);
    const { code } = await smsCode(number);
    expect((await api("POST", "/v1/me/phone/verification/confirm", { token, body: { code } })).status).toBe(200);
  });

  it("a person accepting an invitation with a phone has it unconfirmed", async () => {
    const owner = await registerVerifiedUser();
    const email = uniqueEmail("invited-phone");
    const number = uniquePhone();
    const invited = await api("POST", `/v1/accounts/${owner.accountId}/invitations`, {
      token: owner.accessToken,
      body: { email, role: "standard" },
    });
    const token = new URL(invited.body.link).searchParams.get("token");
    const accepted = await api("POST", `/v1/invitations/${token}/accept`, {
      body: { password: STRONG_PASSWORD, fullName: "Invited Phone", phone: number },
    });
    expect(accepted.status).toBe(201);
    const login = await api("POST", "/v1/auth/login", { body: { username: email, password: STRONG_PASSWORD } });
    expect((await api("GET", "/v1/me", { token: login.body.accessToken })).body.phone).toEqual({
      number,
      status: "unconfirmed",
    });
    const bad = await api("POST", `/v1/invitations/${token}/accept`, {
      body: { password: STRONG_PASSWORD, phone: "+48123" },
    });
    expect(bad.status).toBe(400);
  });
});
