import { type ApiResponse, api } from "./api.ts";
import { TELEGRAM_SECRET_HEADER } from "./telegram-updates.ts";

/** The webhook secret the global setup gives the platform (what `setWebhook`'s `secret_token` is in AWS). */
export const TEST_TELEGRAM_WEBHOOK_SECRET = "test-telegram-webhook-secret-0123456789";

/** Posts an update to the bot's webhook with the right secret (or the given headers instead). */
export const postUpdate = (
  update: unknown,
  headers: Record<string, string> = { [TELEGRAM_SECRET_HEADER]: TEST_TELEGRAM_WEBHOOK_SECRET },
): Promise<ApiResponse> => api("POST", "/v1/telegram/webhook", { body: update, headers });
