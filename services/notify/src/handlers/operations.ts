import type { Operations } from "../../../../shared/src/http/service-handler.ts";
import type { notifyRoutes } from "../routes.ts";
import {
  handleTelegramWebhook,
  issueTelegramLink,
  type TelegramBotDependencies,
  unlinkTelegram,
} from "../use-cases/telegram-bot.ts";

/** The header Telegram sends with every webhook call: the `secret_token` given to `setWebhook`. */
const TELEGRAM_SECRET_HEADER = "x-telegram-bot-api-secret-token";

/** HTTP edge of the notify service: each operation maps a validated request onto a use case. */
export const notifyOperations = (deps: TelegramBotDependencies): Operations<typeof notifyRoutes> => ({
  linkTelegram: async ({ auth }) => ({ body: await issueTelegramLink(deps, auth.userId) }),
  unlinkTelegram: async ({ auth }) => {
    await unlinkTelegram(deps, auth.userId);
    return {};
  },
  telegramWebhook: async ({ headers, body }) => {
    await handleTelegramWebhook(deps, headers[TELEGRAM_SECRET_HEADER], body);
    return { body: { ok: true } };
  },
});
