import { describe, expect, it } from "vitest";
import { api, messagesTo, registerVerifiedUser, type TestUser, waitForMessage } from "../harness/api.ts";
import { postUpdate } from "../harness/telegram.ts";
import { startTokenOf, textUpdate, uniqueChatId } from "../harness/telegram-updates.ts";
import { eventually, exportRecords, isExportEmail, runPrivacyJob, sesEmailsTo, testTable } from "./privacy-fixtures.ts";

const SUPPORT_EMAIL = "support@tenantry.example";

const issueLink = (user: TestUser) => api("POST", "/v1/me/telegram/link", { token: user.accessToken });

/** Issues a deep link, sends its `/start <token>` from a new chat and waits for the bot's confirmation. */
const linkedChat = async (user: TestUser, from: { username?: string } = {}) => {
  const chatId = uniqueChatId();
  const link = await issueLink(user);
  expect(link.status).toBe(200);
  expect((await postUpdate(textUpdate(chatId, `/start ${startTokenOf(link.body.deepLink)}`, from))).status).toBe(200);
  await waitForMessage(String(chatId), (m) => m.channel === "telegram" && m.text.includes("now linked"));
  return chatId;
};

const telegramOf = async (userId: string) =>
  (await testTable().table.entities.recipient.get({ userId }).go()).data?.telegram;
const chatItem = async (chatId: number) =>
  (
    await testTable()
      .table.entities.telegramChat.get({ chatId: String(chatId) })
      .go()
  ).data ?? undefined;

describe("POST /v1/me/telegram/link", () => {
  it("issues a deep link to the bot with a start token valid for 10 minutes, stored only hashed", async () => {
    const user = await registerVerifiedUser();
    const before = Date.now();
    const { status, body } = await issueLink(user);
    expect(status).toBe(200);
    const url = new URL(body.deepLink);
    expect(`${url.origin}${url.pathname}`).toBe("https://t.me/tenantry_support_bot");
    const token = startTokenOf(body.deepLink);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const lifetime = Date.parse(body.expiresAt) - before;
    expect(lifetime).toBeGreaterThan(9 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(10 * 60_000 + 5_000);
    // Two links are two tokens.
    expect(startTokenOf((await issueLink(user)).body.deepLink)).not.toBe(token);
  });

  it("needs a signed-in user", async () => {
    expect((await api("POST", "/v1/me/telegram/link")).status).toBe(401);
  });
});

describe("POST /v1/telegram/webhook", () => {
  it("refuses a missing or wrong secret header with 401 and does nothing", async () => {
    const chatId = uniqueChatId();
    const missing = await postUpdate(textUpdate(chatId, "hello"), {});
    expect(missing.status).toBe(401);
    expect(missing.headers.get("content-type")).toContain("application/problem+json");
    const wrong = await postUpdate(textUpdate(chatId, "hello"), {
      "x-telegram-bot-api-secret-token": "not-the-secret-0123",
    });
    expect(wrong.status).toBe(401);
    // A correct prefix is still wrong.
    const truncated = await postUpdate(textUpdate(chatId, "hello"), {
      "x-telegram-bot-api-secret-token": "test-telegram",
    });
    expect(truncated.status).toBe(401);
    expect(await messagesTo(String(chatId))).toEqual([]);
  });

  it("answers a malformed or unknown update 200 and changes nothing", async () => {
    const user = await registerVerifiedUser();
    const token = startTokenOf((await issueLink(user)).body.deepLink);
    const chatId = uniqueChatId();
    const start = textUpdate(chatId, `/start ${token}`);
    for (const malformed of [
      {},
      [],
      "just a string",
      { update_id: "seven" },
      { ...start, message: { ...start.message, chat: { id: "not-a-number", type: "private" } } },
      { ...start, update_id: -1 },
    ]) {
      const response = await postUpdate(malformed);
      expect(response.status).toBe(200);
    }
    // Updates the bot has no use for: an edited message, a photo, a group chat, another bot.
    const edited = textUpdate(chatId, `/start ${token}`);
    expect((await postUpdate({ update_id: edited.update_id, edited_message: edited.message })).status).toBe(200);
    const photo = textUpdate(chatId, "x");
    expect((await postUpdate({ ...photo, message: { ...photo.message, text: undefined, photo: [] } })).status).toBe(
      200,
    );
    const group = textUpdate(chatId, `/start ${token}`);
    expect(
      (await postUpdate({ ...group, message: { ...group.message, chat: { id: chatId, type: "group" } } })).status,
    ).toBe(200);
    const bot = textUpdate(chatId, `/start ${token}`);
    expect(
      (await postUpdate({ ...bot, message: { ...bot.message, from: { id: 1, is_bot: true, first_name: "B" } } }))
        .status,
    ).toBe(200);

    expect(await telegramOf(user.userId)).toBeUndefined();
    expect(await chatItem(chatId)).toBeUndefined();
    expect(await messagesTo(String(chatId))).toEqual([]);
    // The token survived all of that: it still binds.
    expect((await postUpdate(textUpdate(chatId, `/start ${token}`))).status).toBe(200);
    await waitForMessage(String(chatId), (m) => m.text.includes("now linked"));
  });

  it("binds the chat on /start <token> and confirms in the chat (dev outbox, channel telegram)", async () => {
    const user = await registerVerifiedUser({ fullName: "Tele Gram" });
    const chatId = await linkedChat(user, { username: "tele_gram" });
    const [confirmation] = await messagesTo(String(chatId));
    expect(confirmation).toMatchObject({ channel: "telegram", to: String(chatId), subject: null });
    expect(confirmation?.text).toContain("Hello Tele Gram!");
    expect(await telegramOf(user.userId)).toEqual({
      chatId: String(chatId),
      username: "tele_gram",
      linkedAt: expect.any(String),
    });
    expect(await chatItem(chatId)).toMatchObject({ userId: user.userId });
    // The outbox page shows it beside the emails.
    const page = await api("GET", "/dev/outbox");
    expect(page.body).toContain(`<td class="channel">telegram</td><td>${chatId}</td>`);
  });

  it("speaks the user's language once bound", async () => {
    const user = await registerVerifiedUser({ fullName: "Ivan", locale: "ru" });
    const chatId = uniqueChatId();
    const link = await issueLink(user);
    await postUpdate(textUpdate(chatId, `/start ${startTokenOf(link.body.deepLink)}`, { language_code: "en" }));
    const confirmation = await waitForMessage(String(chatId));
    expect(confirmation.text).toContain("Здравствуйте, Ivan!");
  });

  it("refuses a reused start token: the bot says so and the first binding stands", async () => {
    const user = await registerVerifiedUser();
    const token = startTokenOf((await issueLink(user)).body.deepLink);
    const first = uniqueChatId();
    await postUpdate(textUpdate(first, `/start ${token}`));
    await waitForMessage(String(first), (m) => m.text.includes("now linked"));

    const second = uniqueChatId();
    expect((await postUpdate(textUpdate(second, `/start ${token}`))).status).toBe(200);
    const refusal = await waitForMessage(String(second));
    expect(refusal.text).toContain("expired or was already used");
    expect(await chatItem(second)).toBeUndefined();
    expect((await telegramOf(user.userId))?.chatId).toBe(String(first));
    // An unknown token reads the same.
    const third = uniqueChatId();
    await postUpdate(textUpdate(third, "/start AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    expect((await waitForMessage(String(third))).text).toContain("expired or was already used");
  });

  it("binds exactly once when 20 chats race with one start token", async () => {
    const user = await registerVerifiedUser();
    const token = startTokenOf((await issueLink(user)).body.deepLink);
    const chats = Array.from({ length: 20 }, () => uniqueChatId());
    const responses = await Promise.all(chats.map((chatId) => postUpdate(textUpdate(chatId, `/start ${token}`))));
    expect(responses.map((r) => r.status)).toEqual(chats.map(() => 200));

    const replies = await Promise.all(chats.map((chatId) => waitForMessage(String(chatId))));
    const linked = chats.filter((_, i) => replies[i]?.text.includes("now linked"));
    expect(linked).toHaveLength(1);
    expect(replies.filter((r) => r.text.includes("expired or was already used"))).toHaveLength(19);
    expect((await telegramOf(user.userId))?.chatId).toBe(String(linked[0]));
    const bound = await Promise.all(chats.map(chatItem));
    expect(bound.filter(Boolean)).toHaveLength(1);
  });

  it("refuses to bind a chat that is bound to another user", async () => {
    const owner = await registerVerifiedUser();
    const chatId = await linkedChat(owner);
    const other = await registerVerifiedUser();
    const token = startTokenOf((await issueLink(other)).body.deepLink);
    await postUpdate(textUpdate(chatId, `/start ${token}`));
    await waitForMessage(String(chatId), (m) => m.text.includes("already linked to another account"));
    expect(await chatItem(chatId)).toMatchObject({ userId: owner.userId });
    expect(await telegramOf(other.userId)).toBeUndefined();
  });

  it("moves a user's binding to a new chat and tells the old one", async () => {
    const user = await registerVerifiedUser();
    const oldChat = await linkedChat(user);
    const newChat = await linkedChat(user);
    expect((await telegramOf(user.userId))?.chatId).toBe(String(newChat));
    expect(await chatItem(oldChat)).toBeUndefined();
    await waitForMessage(String(oldChat), (m) => m.text.includes("unlinked"));
  });

  it("forwards a bound chat's message to SUPPORT_EMAIL naming the user, and acknowledges it", async () => {
    const user = await registerVerifiedUser({ fullName: "Needs Help" });
    const chatId = await linkedChat(user, { username: "needs_help" });
    const question = `My invoice is wrong ${chatId}`;
    expect((await postUpdate(textUpdate(chatId, question, { username: "needs_help" }))).status).toBe(200);
    const email = await waitForMessage(SUPPORT_EMAIL, (m) => m.text.includes(question));
    expect(email.channel).toBe("email");
    expect(email.subject).toBe("Telegram support message from Needs Help");
    expect(email.text).toContain(user.email);
    expect(email.text).toContain(user.userId);
    expect(email.text).toContain("@needs_help");
    await waitForMessage(String(chatId), (m) => m.text.includes("passed to our support team"));
  });

  it("handles a redelivered update once (Telegram repeats updates it got no answer for)", async () => {
    const user = await registerVerifiedUser();
    const chatId = await linkedChat(user);
    const update = textUpdate(chatId, `Only once please ${chatId}`);
    await postUpdate(update);
    await postUpdate(update);
    await waitForMessage(String(chatId), (m) => m.text.includes("passed to our support team"));
    const acknowledgements = (await messagesTo(String(chatId))).filter((m) => m.text.includes("passed to"));
    expect(acknowledgements).toHaveLength(1);
    const forwarded = (await messagesTo(SUPPORT_EMAIL)).filter((m) => m.text.includes(`Only once please ${chatId}`));
    expect(forwarded).toHaveLength(1);
  });

  it("answers a redelivered /start <token> once, whether it bound the chat or was refused", async () => {
    const user = await registerVerifiedUser();
    const token = startTokenOf((await issueLink(user)).body.deepLink);
    const chatId = uniqueChatId();
    const start = textUpdate(chatId, `/start ${token}`);
    await postUpdate(start);
    await postUpdate(start);
    await waitForMessage(String(chatId), (m) => m.text.includes("now linked"));
    // The same token in a new update is refused; that refusal, redelivered, is not said again.
    const reused = textUpdate(chatId, `/start ${token}`);
    await postUpdate(reused);
    await postUpdate(reused);
    await waitForMessage(String(chatId), (m) => m.text.includes("already used"));
    const answers = await messagesTo(String(chatId));
    expect(answers.filter((m) => m.text.includes("now linked"))).toHaveLength(1);
    expect(answers.filter((m) => m.text.includes("already used"))).toHaveLength(1);
  });

  it("tells an unbound chat how to link, in the sender's Telegram language, and forwards nothing", async () => {
    const chatId = uniqueChatId();
    const text = `Hello? ${chatId}`;
    await postUpdate(textUpdate(chatId, text, { language_code: "pl" }));
    const reply = await waitForMessage(String(chatId));
    expect(reply.text).toContain("nie jest jeszcze połączony");
    expect(reply.text).toContain("http://localhost");
    expect((await messagesTo(SUPPORT_EMAIL)).filter((m) => m.text.includes(text))).toEqual([]);
    // `/start` without a token says the same.
    const other = uniqueChatId();
    await postUpdate(textUpdate(other, "/start"));
    expect((await waitForMessage(String(other))).text).toContain("not linked to an account yet");
  });
});

describe("DELETE /v1/me/telegram", () => {
  it("unlinks the chat and the bot says goodbye; the chat is then unbound", async () => {
    const user = await registerVerifiedUser();
    const chatId = await linkedChat(user);
    const deleted = await api("DELETE", "/v1/me/telegram", { token: user.accessToken });
    expect(deleted.status).toBe(204);
    await waitForMessage(String(chatId), (m) => m.text.includes("Goodbye"));
    expect(await telegramOf(user.userId)).toBeUndefined();
    expect(await chatItem(chatId)).toBeUndefined();
    // Its messages no longer reach support.
    await postUpdate(textUpdate(chatId, "still there?"));
    await waitForMessage(String(chatId), (m) => m.text.includes("not linked to an account yet"));
    // Nothing left to unlink.
    const again = await api("DELETE", "/v1/me/telegram", { token: user.accessToken });
    expect(again.status).toBe(404);
  });

  it("unlinks only the caller's own chat (another user's binding is untouched)", async () => {
    const owner = await registerVerifiedUser();
    const chatId = await linkedChat(owner);
    const intruder = await registerVerifiedUser();
    expect((await api("DELETE", "/v1/me/telegram", { token: intruder.accessToken })).status).toBe(404);
    expect((await telegramOf(owner.userId))?.chatId).toBe(String(chatId));
    expect(await chatItem(chatId)).toMatchObject({ userId: owner.userId });
  });
});

const profileTelegram = async (user: TestUser) =>
  (await api("GET", "/v1/me", { token: user.accessToken })).body.telegram as Record<string, unknown> | null;

describe("GET /v1/me shows the Telegram binding", () => {
  it("is null, then the linked chat once notify's event reached users, then null again after unlinking", async () => {
    const user = await registerVerifiedUser();
    expect(await profileTelegram(user)).toBeNull();
    await linkedChat(user, { username: "profile_shown" });
    const shown = await eventually(async () => await profileTelegram(user), { what: "the binding on /v1/me" });
    expect(shown).toEqual({ linked: true, username: "profile_shown", linkedAt: expect.any(String) });
    expect(shown?.linkedAt).toBe((await telegramOf(user.userId))?.linkedAt);

    expect((await api("DELETE", "/v1/me/telegram", { token: user.accessToken })).status).toBe(204);
    await eventually(async () => (await profileTelegram(user)) === null, { what: "the binding to leave /v1/me" });
  });

  it("omits the username of a person who has none", async () => {
    const user = await registerVerifiedUser();
    await linkedChat(user);
    const shown = await eventually(async () => await profileTelegram(user), { what: "the binding on /v1/me" });
    expect(shown).toEqual({ linked: true, linkedAt: expect.any(String) });
  });
});

describe("privacy", () => {
  it("includes the binding in the data export", async () => {
    const user = await registerVerifiedUser();
    const chatId = await linkedChat(user, { username: "exported_person" });
    expect((await api("POST", "/v1/me/privacy/exports", { token: user.accessToken })).status).toBe(202);
    await runPrivacyJob();
    const email = await eventually(async () => (await sesEmailsTo(user.email)).find(isExportEmail), {
      what: "the export email",
    });
    const records = exportRecords(email).filter((r) => r.section === "telegram_binding");
    const value = (field: string) => records.filter((r) => r.field === field).map((r) => r.value);
    expect(value("chatId")).toEqual([String(chatId)]);
    expect(value("username")).toEqual(["exported_person"]);
    expect(value("linkedAt")).toEqual([(await telegramOf(user.userId))?.linkedAt]);
  });

  it("erases the binding with the user: the chat is unbound and its messages reach no one", async () => {
    const user = await registerVerifiedUser();
    const chatId = await linkedChat(user);
    expect((await api("POST", "/v1/me/privacy/deletion", { token: user.accessToken })).status).toBe(202);
    await runPrivacyJob(new Date(Date.now() + 31 * 24 * 3600_000));
    await eventually(
      async () => (await chatItem(chatId)) === undefined && (await telegramOf(user.userId)) === undefined,
      {
        what: "the binding to be erased",
      },
    );
    expect((await testTable().table.entities.recipient.get({ userId: user.userId }).go()).data).toBeNull();
    await postUpdate(textUpdate(chatId, "anyone?"));
    await waitForMessage(String(chatId), (m) => m.text.includes("not linked to an account yet"));
  });
});
