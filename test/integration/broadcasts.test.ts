import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { outboxItem } from "../../shared/src/events/outbox.ts";
import { api, messagesTo, registerVerifiedUser, type TestUser, waitForMessage } from "../harness/api.ts";
import { getPreferences, putPreferences, restrict, unsubscribeTokenIn } from "./notification-fixtures.ts";
import { eventually, registerPlatformAdmin, testTable } from "./privacy-fixtures.ts";

const subscriber = async (locale: "en" | "ru" | "pl") => {
  const user = await registerVerifiedUser({ locale });
  expect((await putPreferences(user, { news: { email: true } })).status).toBe(200);
  return user;
};

const broadcast = async (admin: TestUser, tag: string) => {
  const created = await api("POST", "/v1/platform/broadcasts", {
    token: admin.accessToken,
    body: {
      category: "news",
      subject: { en: `News ${tag}`, ru: `Новости ${tag}` },
      body: { en: `Hello from the provider ${tag}.`, ru: `Привет от провайдера ${tag}.` },
    },
  });
  expect(created.status).toBe(202);
  const { broadcastId } = created.body as { broadcastId: string };
  const done = await eventually(
    async () => {
      const progress = await api("GET", `/v1/platform/broadcasts/${broadcastId}`, { token: admin.accessToken });
      return progress.body.status === "completed" && progress.body;
    },
    { what: "the broadcast to complete", timeoutMs: 60_000 },
  );
  return { broadcastId, done };
};

const isBroadcast = (tag: string) => (m: { subject: string | null }) => m.subject?.endsWith(tag) ?? false;

describe("news broadcasts (SPEC 6.6)", () => {
  it("reach exactly the subscribed, unrestricted users, each in their locale (fallback en), once", async () => {
    const admin = await registerPlatformAdmin();
    const [ru, pl, en, marketingRestricted, processingRestricted, notSubscribed, unsubscribed] = await Promise.all([
      subscriber("ru"),
      subscriber("pl"),
      subscriber("en"),
      subscriber("en"),
      subscriber("ru"),
      registerVerifiedUser(),
      subscriber("en"),
    ]);
    await restrict(marketingRestricted, "marketing");
    await restrict(processingRestricted, "processing");
    expect((await putPreferences(unsubscribed, { news: { email: false } })).status).toBe(200);

    const tag = randomUUID().slice(0, 8);
    const { done } = await broadcast(admin, tag);
    expect(done.sent).toBe(done.recipients);

    const ruMessage = await waitForMessage(ru.email, isBroadcast(tag));
    expect(ruMessage).toMatchObject({ channel: "email", subject: `Новости ${tag}` });
    expect(ruMessage.text).toContain(`Привет от провайдера ${tag}.`);
    // No Polish text was given: English.
    expect(await waitForMessage(pl.email, isBroadcast(tag))).toMatchObject({ subject: `News ${tag}` });
    expect(await waitForMessage(en.email, isBroadcast(tag))).toMatchObject({ subject: `News ${tag}` });
    for (const user of [ru, pl, en]) expect((await messagesTo(user.email)).filter(isBroadcast(tag))).toHaveLength(1);
    for (const user of [marketingRestricted, processingRestricted, notSubscribed, unsubscribed]) {
      expect((await messagesTo(user.email)).filter(isBroadcast(tag)), user.email).toEqual([]);
    }
  });

  it("carries the RFC 2369/8058 headers; GET asks and changes nothing; POST one-click turns news email off", async () => {
    const admin = await registerPlatformAdmin();
    const user = await subscriber("en");
    const other = await subscriber("en");
    const tag = randomUUID().slice(0, 8);
    await broadcast(admin, tag);
    const message = await waitForMessage(user.email, isBroadcast(tag));
    expect(message.headers).toMatchObject({
      "X-Tenantry-Category": "news",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    const { url, token } = unsubscribeTokenIn(message.headers);
    expect(new URL(url).pathname).toBe("/v1/notifications/unsubscribe");
    expect(message.links).toContain(url);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain('method="post"');
    expect(html).toContain("<button");
    expect((await getPreferences(user)).body.preferences.news.email).toBe(true);

    const path = `/v1/notifications/unsubscribe?token=${encodeURIComponent(token)}`;
    const oneClick = await api("POST", path, {
      rawBody: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(oneClick.status).toBe(200);
    expect((await getPreferences(user)).body.preferences.news).toEqual({ email: false, sms: false, telegram: false });
    expect((await testTable().table.entities.newsSubscriber.get({ userId: user.userId }).go()).data).toBeNull();
    // Repeating it is harmless; the other subscriber is untouched.
    expect(
      (
        await api("POST", path, {
          rawBody: "List-Unsubscribe=One-Click",
          headers: { "content-type": "application/x-www-form-urlencoded" },
        })
      ).status,
    ).toBe(200);
    expect((await getPreferences(other)).body.preferences.news.email).toBe(true);

    const next = randomUUID().slice(0, 8);
    await broadcast(admin, next);
    await waitForMessage(other.email, isBroadcast(next));
    expect((await messagesTo(user.email)).filter(isBroadcast(next))).toEqual([]);
  });

  it("400 for a tampered or foreign token, on GET and POST, changing nothing", async () => {
    const admin = await registerPlatformAdmin();
    const user = await subscriber("en");
    const victim = await subscriber("en");
    const tag = randomUUID().slice(0, 8);
    await broadcast(admin, tag);
    const { token } = unsubscribeTokenIn((await waitForMessage(user.email, isBroadcast(tag))).headers);
    const [payload, mac] = token.split(".") as [string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const reseal = (changed: object) => `${Buffer.from(JSON.stringify(changed)).toString("base64url")}.${mac}`;
    const flipped = `${payload}.${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`;
    const bad = [
      flipped,
      reseal({ ...claims, u: victim.userId }),
      reseal({ ...claims, c: "account" }),
      "not-a-token",
      // A token of another kind sealed by the same key (a list cursor's shape) is not one either.
      `${Buffer.from('{"pk":"x"}').toString("base64url")}.${mac}`,
    ];
    for (const candidate of bad) {
      const path = `/v1/notifications/unsubscribe?token=${encodeURIComponent(candidate)}`;
      const get = await api("GET", path);
      expect(get.status, candidate).toBe(400);
      expect(get.body).toMatchObject({ code: "invalid_token" });
      const post = await api("POST", path, {
        rawBody: "List-Unsubscribe=One-Click",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expect(post.status, candidate).toBe(400);
    }
    expect((await getPreferences(victim)).body.preferences.news.email).toBe(true);
    expect((await getPreferences(user)).body.preferences.news.email).toBe(true);
  });

  it("a retried batch sends nobody twice", async () => {
    const admin = await registerPlatformAdmin();
    const [first, second] = await Promise.all([subscriber("en"), subscriber("ru")]);
    const tag = randomUUID().slice(0, 8);
    const { broadcastId, done } = await broadcast(admin, tag);
    await waitForMessage(first.email, isBroadcast(tag));
    await waitForMessage(second.email, isBroadcast(tag));

    // As if batch 0 failed after sending, before queuing its successor: the bus delivers it again.
    const { table } = testTable();
    await table.entities.broadcast
      .patch({ broadcastId })
      .set({ status: "sending", nextBatch: 0 })
      .go({ response: "none" });
    await table.entities.outboxEvent
      .create(
        outboxItem({
          type: "BroadcastBatchQueued",
          data: { broadcastId, batch: 0, cursor: null },
          actor: { type: "system" },
          now: new Date(),
        }),
      )
      .go({ response: "none" });
    const again = await eventually(
      async () => {
        const progress = await api("GET", `/v1/platform/broadcasts/${broadcastId}`, { token: admin.accessToken });
        return progress.body.status === "completed" && progress.body;
      },
      { what: "the retried batch to end", timeoutMs: 60_000 },
    );
    expect(again).toMatchObject({ recipients: done.recipients, sent: done.sent });
    for (const user of [first, second]) expect((await messagesTo(user.email)).filter(isBroadcast(tag))).toHaveLength(1);
  });

  it("only platform admins broadcast and read progress; an unknown broadcast is 404; bad input is 400", async () => {
    const admin = await registerPlatformAdmin();
    const user = await registerVerifiedUser();
    const body = { category: "news", subject: { en: "Hi" }, body: { en: "There" } };
    expect((await api("POST", "/v1/platform/broadcasts", { token: user.accessToken, body })).status).toBe(403);
    expect(
      (await api("GET", "/v1/platform/broadcasts/01HZZZZZZZZZZZZZZZZZZZZZZZ", { token: user.accessToken })).status,
    ).toBe(403);
    expect(
      (await api("GET", "/v1/platform/broadcasts/01HZZZZZZZZZZZZZZZZZZZZZZZ", { token: admin.accessToken })).status,
    ).toBe(404);
    for (const invalid of [
      { ...body, category: "security" },
      { ...body, subject: { ru: "Только русский" } },
      { ...body, subject: { en: "Two\nlines" } },
      { ...body, body: { en: "" } },
    ]) {
      expect((await api("POST", "/v1/platform/broadcasts", { token: admin.accessToken, body: invalid })).status).toBe(
        400,
      );
    }
  });
});
