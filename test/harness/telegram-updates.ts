import { randomInt } from "node:crypto";

/**
 * What Telegram posts to the bot's webhook. Free of vitest: the integration tests and the bench
 * (`bench/scenarios/telegram.ts`) both build updates with it.
 */

/** The header Telegram sends the webhook's secret in (`setWebhook`'s `secret_token`). */
export const TELEGRAM_SECRET_HEADER = "x-telegram-bot-api-secret-token";

let nextUpdateId = randomInt(1, 1_000_000_000);

/** A private chat id no other test uses (Telegram user ids are positive integers). */
export const uniqueChatId = () => randomInt(1_000_000, 2 ** 40);

/** A text message from a person in a private chat with the bot, as Telegram posts it. */
export const textUpdate = (chatId: number, text: string, from: { username?: string; language_code?: string } = {}) => ({
  update_id: nextUpdateId++,
  message: {
    message_id: randomInt(1, 1_000_000),
    date: Math.floor(Date.now() / 1000),
    chat: { id: chatId, type: "private", first_name: "Test" },
    from: { id: chatId, is_bot: false, first_name: "Test", ...from },
    text,
  },
});

/** The start token in a deep link `https://t.me/<bot>?start=<token>`. */
export const startTokenOf = (deepLink: string): string => {
  const token = new URL(deepLink).searchParams.get("start");
  if (!token) throw new Error(`No start token in ${deepLink}`);
  return token;
};
