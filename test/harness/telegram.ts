import { randomInt } from "node:crypto";
import { type ApiResponse, api } from "./api.ts";

/** The webhook secret the global setup gives the platform (what `setWebhook`'s `secret_token` is in AWS). */
export const TEST_TELEGRAM_WEBHOOK_SECRET = "test-telegram-webhook-secret-0123456789";

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

/** Posts an update to the bot's webhook with the right secret (or the given headers instead). */
export const postUpdate = (
  update: unknown,
  headers: Record<string, string> = { "x-telegram-bot-api-secret-token": TEST_TELEGRAM_WEBHOOK_SECRET },
): Promise<ApiResponse> => api("POST", "/v1/telegram/webhook", { body: update, headers });

/** The start token in a deep link `https://t.me/<bot>?start=<token>`. */
export const startTokenOf = (deepLink: string): string => {
  const token = new URL(deepLink).searchParams.get("start");
  if (!token) throw new Error(`No start token in ${deepLink}`);
  return token;
};
