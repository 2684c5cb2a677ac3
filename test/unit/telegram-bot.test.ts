import { describe, expect, it } from "vitest";
import { botApiTelegramSender } from "../../services/notify/src/adapters/bot-api-telegram-sender.ts";
import {
  botRequestOf,
  incomingUpdateSchema,
  localeOfLanguageCode,
} from "../../services/notify/src/domain/telegram-update.ts";

const update = (
  text: string | undefined,
  chat: Record<string, unknown> = { id: 42, type: "private" },
  from: Record<string, unknown> = { id: 42, is_bot: false, first_name: "A" },
) =>
  incomingUpdateSchema.parse({
    update_id: 1,
    message: { message_id: 1, date: 0, chat, from, ...(text === undefined ? {} : { text }) },
  });

describe("reading Telegram updates", () => {
  it("reads /start with and without a deep link's parameter, also addressed to the bot by name", () => {
    expect(botRequestOf(update("/start abc_DEF-123"))).toEqual({
      kind: "start",
      chatId: "42",
      startToken: "abc_DEF-123",
    });
    expect(botRequestOf(update("/start@tenantry_support_bot abc"))).toMatchObject({ kind: "start", startToken: "abc" });
    expect(botRequestOf(update("/start"))).toEqual({ kind: "start", chatId: "42" });
    expect(botRequestOf(update("  /start   tok  "))).toMatchObject({ kind: "start", startToken: "tok" });
  });

  it("treats any other text as a message for support, with the sender's username and language", () => {
    const request = botRequestOf(
      update(
        "/starter kit broken",
        { id: 7, type: "private" },
        { id: 7, is_bot: false, first_name: "B", username: "bee", language_code: "ru" },
      ),
    );
    expect(request).toEqual({
      kind: "message",
      chatId: "7",
      username: "bee",
      languageCode: "ru",
      text: "/starter kit broken",
    });
  });

  it("ignores what is not a person's text in a private chat", () => {
    expect(botRequestOf(update(undefined))).toEqual({ kind: "ignored", reason: "no_text_message" });
    expect(botRequestOf(update("/start x", { id: -5, type: "group" }))).toEqual({
      kind: "ignored",
      reason: "not_private_chat",
    });
    expect(botRequestOf(update("/start x", undefined, { id: 9, is_bot: true, first_name: "Bot" }))).toEqual({
      kind: "ignored",
      reason: "from_bot",
    });
    expect(botRequestOf(incomingUpdateSchema.parse({ update_id: 3, edited_message: {} }))).toEqual({
      kind: "ignored",
      reason: "no_text_message",
    });
  });

  it("accepts fields it does not read and refuses updates without the ones it does", () => {
    expect(
      incomingUpdateSchema.safeParse({
        update_id: 1,
        message: { message_id: 1, date: 0, chat: { id: 1, type: "private", title: "x" }, entities: [] },
      }).success,
    ).toBe(true);
    expect(incomingUpdateSchema.safeParse({ message: {} }).success).toBe(false);
    expect(
      incomingUpdateSchema.safeParse({ update_id: 1, message: { chat: { id: "1", type: "private" } } }).success,
    ).toBe(false);
    expect(incomingUpdateSchema.safeParse(null).success).toBe(false);
  });

  it("speaks Russian or Polish to people whose Telegram is in them, English otherwise", () => {
    expect(localeOfLanguageCode("ru")).toBe("ru");
    expect(localeOfLanguageCode("pl-PL")).toBe("pl");
    expect(localeOfLanguageCode("de")).toBe("en");
    expect(localeOfLanguageCode(undefined)).toBe("en");
  });
});

describe("the Bot API sender", () => {
  it("reads the token once and calls sendMessage with the chat and text; a refusal is an error without the token", async () => {
    const reads: string[] = [];
    const secrets = {
      send: async (command: { input: { SecretId: string } }) => {
        reads.push(command.input.SecretId);
        return { SecretString: "123:SECRET-TOKEN\n" };
      },
    };
    const calls: Array<{ url: string; body: unknown }> = [];
    const answers = [
      { ok: true },
      { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" },
    ];
    const post = async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), body: JSON.parse(String(init?.body)) });
      return new Response(JSON.stringify(answers.shift()), { headers: { "content-type": "application/json" } });
    };
    const sender = botApiTelegramSender(
      { tokenSecretId: "arn:bot-token", apiBaseUrl: "https://bot.api.test" },
      secrets as never,
      post as typeof fetch,
    );
    await sender.send({ chatId: "42", text: "hello" });
    const refused = await sender.send({ chatId: "43", text: "again" }).catch((error: Error) => error);
    expect(refused).toBeInstanceOf(Error);
    expect(String((refused as Error).message)).toContain("403");
    expect(String((refused as Error).message)).not.toContain("SECRET-TOKEN");
    expect(reads).toEqual(["arn:bot-token"]);
    expect(calls).toEqual([
      { url: "https://bot.api.test/bot123:SECRET-TOKEN/sendMessage", body: { chat_id: "42", text: "hello" } },
      { url: "https://bot.api.test/bot123:SECRET-TOKEN/sendMessage", body: { chat_id: "43", text: "again" } },
    ]);
  });
});
