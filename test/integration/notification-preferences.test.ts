import { describe, expect, inject, it } from "vitest";
import {
  api,
  messagesTo,
  registerVerifiedUser,
  STRONG_PASSWORD,
  tokenFromLink,
  waitForMessage,
} from "../harness/api.ts";
import { linkTelegramChat, putPreferences } from "./notification-fixtures.ts";
import { confirmPhone, uniquePhone } from "./phone-fixtures.ts";
import { eventually, testTable } from "./privacy-fixtures.ts";

const DEFAULTS = {
  security: { email: true, sms: false, telegram: false },
  account: { email: true, sms: false, telegram: false },
  billing: { email: true, sms: false, telegram: false },
  news: { email: false, sms: false, telegram: false },
  partner_reports: { email: true, sms: false, telegram: false },
};

describe("GET|PUT /v1/me/notifications (SPEC 6.6)", () => {
  it("starts from the defaults: service mail by email, news opt-in, partner reports by email", async () => {
    const user = await registerVerifiedUser();
    const response = await api("GET", "/v1/me/notifications", { token: user.accessToken });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ preferences: DEFAULTS });
    expect(response.headers.get("etag")).toBe('W/"0"');
    expect((await api("GET", "/v1/me/notifications")).status).toBe(401);
  });

  it("merges a partial change, keeps the rest, and the news subscribers' index follows", async () => {
    const user = await registerVerifiedUser();
    const { newsSubscriber } = testTable().table.entities;
    const changed = await putPreferences(user, { news: { email: true }, billing: { email: false } });
    expect(changed.status).toBe(200);
    expect(changed.body.preferences).toEqual({
      ...DEFAULTS,
      news: { email: true, sms: false, telegram: false },
      billing: { email: false, sms: false, telegram: false },
    });
    expect(changed.headers.get("etag")).toBe('W/"1"');
    expect((await newsSubscriber.get({ userId: user.userId }).go()).data).toBeTruthy();

    const again = await putPreferences(user, { account: { email: false } });
    expect(again.body.preferences.news.email).toBe(true);
    expect(again.body.preferences.billing.email).toBe(false);
    expect(again.body.preferences.account.email).toBe(false);

    expect((await putPreferences(user, { news: { email: false } })).status).toBe(200);
    expect((await newsSubscriber.get({ userId: user.userId }).go()).data).toBeNull();
  });

  it("422: security email cannot be turned off", async () => {
    const user = await registerVerifiedUser();
    const response = await putPreferences(user, { security: { email: false }, news: { email: true } });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: "security_email_required",
      errors: [{ path: "body.preferences.security.email" }],
    });
    // Nothing of the refused change was kept.
    expect((await api("GET", "/v1/me/notifications", { token: user.accessToken })).body).toEqual({
      preferences: DEFAULTS,
    });
  });

  it("422: sms needs a confirmed phone (an unconfirmed one is not enough); with one it is allowed", async () => {
    const user = await registerVerifiedUser();
    const refused = await putPreferences(user, { security: { sms: true } });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: "phone_not_confirmed",
      errors: [{ path: "body.preferences.security.sms" }],
    });

    const number = uniquePhone();
    expect((await api("PUT", "/v1/me/phone", { token: user.accessToken, body: { phone: number } })).status).toBe(200);
    expect((await putPreferences(user, { security: { sms: true } })).status).toBe(422);

    await confirmPhone(user.accessToken, number);
    const { recipient } = testTable().table.entities;
    await eventually(
      async () => (await recipient.get({ userId: user.userId }).go()).data?.phoneStatus === "confirmed",
      {
        what: "notify to learn of the confirmed phone",
      },
    );
    const allowed = await putPreferences(user, { security: { sms: true } });
    expect(allowed.status).toBe(200);
    expect(allowed.body.preferences.security).toEqual({ email: true, sms: true, telegram: false });
  });

  it("422: telegram needs a linked chat; with one it is allowed", async () => {
    const user = await registerVerifiedUser();
    const refused = await putPreferences(user, { news: { telegram: true } });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: "telegram_not_linked",
      errors: [{ path: "body.preferences.news.telegram" }],
    });

    await linkTelegramChat(user.userId, "777001");
    const allowed = await putPreferences(user, { news: { telegram: true } });
    expect(allowed.status).toBe(200);
    expect(allowed.body.preferences.news).toEqual({ email: false, sms: false, telegram: true });
  });

  it("400 for unknown categories or channels, non-booleans and an empty change", async () => {
    const user = await registerVerifiedUser();
    for (const preferences of [
      { marketing: { email: true } },
      { news: { fax: true } },
      { news: { email: "yes" } },
      {},
      { news: {} },
    ]) {
      const response = await putPreferences(user, preferences);
      expect(response.status, JSON.stringify(preferences)).toBe(400);
    }
  });

  it("If-Match: a stale version is 412 and changes nothing", async () => {
    const user = await registerVerifiedUser();
    expect((await putPreferences(user, { news: { email: true } })).status).toBe(200);
    const stale = await api("PUT", "/v1/me/notifications", {
      token: user.accessToken,
      headers: { "if-match": 'W/"0"' },
      body: { preferences: { account: { email: false } } },
    });
    expect(stale.status).toBe(412);
    const current = await api("PUT", "/v1/me/notifications", {
      token: user.accessToken,
      headers: { "if-match": 'W/"1"' },
      body: { preferences: { account: { email: false } } },
    });
    expect(current.status).toBe(200);
  });

  it("20 concurrent PUTs of different fields: every one is applied, none lost", async () => {
    const user = await registerVerifiedUser();
    const number = uniquePhone();
    await confirmPhone(user.accessToken, number);
    const { recipient } = testTable().table.entities;
    await eventually(
      async () => (await recipient.get({ userId: user.userId }).go()).data?.phoneStatus === "confirmed",
      {
        what: "notify to learn of the confirmed phone",
      },
    );
    // Nine fields that can change without breaking a rule; each PUT sets one to its non-default.
    const fields = [
      ["account", "email", false],
      ["billing", "email", false],
      ["news", "email", true],
      ["partner_reports", "email", false],
      ["security", "sms", true],
      ["account", "sms", true],
      ["billing", "sms", true],
      ["news", "sms", true],
      ["partner_reports", "sms", true],
    ] as const;
    const changes = Array.from({ length: 20 }, (_, i) => fields[i % fields.length] as (typeof fields)[number]);
    const responses = await Promise.all(
      changes.map(([category, channel, value]) => putPreferences(user, { [category]: { [channel]: value } })),
    );
    expect(responses.map((r) => r.status)).toEqual(changes.map(() => 200));
    const final = await api("GET", "/v1/me/notifications", { token: user.accessToken });
    for (const [category, channel, value] of fields) expect(final.body.preferences[category][channel]).toBe(value);
    // Each PUT wrote once, one after another: the version counts all twenty.
    expect(final.headers.get("etag")).toBe('W/"20"');
    expect((await testTable().table.entities.newsSubscriber.get({ userId: user.userId }).go()).data).toBeTruthy();
  });

  it("a security notice goes by SMS too once chosen (the reset link itself stays bound to the email); the outbox page shows both", async () => {
    const user = await registerVerifiedUser({ fullName: "Sms Chooser" });
    const number = uniquePhone();
    await confirmPhone(user.accessToken, number);
    const { recipient } = testTable().table.entities;
    await eventually(
      async () => (await recipient.get({ userId: user.userId }).go()).data?.phoneStatus === "confirmed",
      {
        what: "notify to learn of the confirmed phone",
      },
    );
    expect((await putPreferences(user, { security: { sms: true } })).status).toBe(200);

    expect((await api("POST", "/v1/auth/password/forgot", { body: { username: user.email } })).status).toBe(202);
    const reset = await waitForMessage(user.email, (m) => m.links.some((l) => l.includes("/reset-password")));
    const changed = await api("POST", "/v1/auth/password/reset", {
      body: { token: tokenFromLink(reset, "/reset-password"), newPassword: `${STRONG_PASSWORD}-2` },
    });
    expect(changed.status).toBe(204);
    await waitForMessage(user.email, (m) => m.subject === "Your password was changed");
    const sms = await waitForMessage(
      number,
      (m) => m.channel === "sms" && m.text.startsWith("Your password was changed"),
    );
    expect(sms.subject).toBeNull();
    // Only the confirmation code and the notice reached the phone: the reset link did not.
    const texts = (await messagesTo(number)).map((m) => m.text);
    expect(texts.filter((t) => t.includes("/reset-password"))).toEqual([]);

    const page = await (await fetch(`${inject("apiUrl")}/dev/outbox?channel=sms`)).text();
    expect(page).toContain(`<tr data-channel="sms"><td class="channel">sms</td><td>${number}</td>`);
    expect(page).not.toContain('data-channel="email"');
    const all = await (await fetch(`${inject("apiUrl")}/dev/outbox`)).text();
    expect(all).toContain('data-channel="email"');
    expect(all).toContain('data-channel="sms"');
  });
});
