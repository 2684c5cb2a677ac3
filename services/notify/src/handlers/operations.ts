import { etagOf, expectedVersion } from "../../../../shared/src/http/etag.ts";
import type { Operations } from "../../../../shared/src/http/service-handler.ts";
import type { notifyRoutes } from "../routes.ts";
import type { BroadcastDependencies } from "../use-cases/broadcasts/broadcast-dependencies.ts";
import { createBroadcast } from "../use-cases/broadcasts/create-broadcast.ts";
import { getBroadcast } from "../use-cases/broadcasts/get-broadcast.ts";
import { changePreferences } from "../use-cases/preferences/change-preferences.ts";
import { getPreferences, type PreferencesView } from "../use-cases/preferences/get-preferences.ts";
import type { UnsubscribeDependencies } from "../use-cases/preferences/preferences-dependencies.ts";
import { unsubscribeConfirmationPage } from "../use-cases/preferences/show-unsubscribe-page.ts";
import { unsubscribe } from "../use-cases/preferences/unsubscribe.ts";
import { handleTelegramWebhook } from "../use-cases/telegram/handle-telegram-webhook.ts";
import { issueTelegramLink } from "../use-cases/telegram/issue-telegram-link.ts";
import type { TelegramBotDependencies } from "../use-cases/telegram/telegram-bot-dependencies.ts";
import { unlinkTelegram } from "../use-cases/telegram/unlink-telegram.ts";

const withEtag = ({ preferences, version }: PreferencesView) => ({
  body: { preferences },
  headers: { etag: etagOf(version) },
});
const html = (text: string) => ({ text, headers: { "content-type": "text/html; charset=utf-8" } });

/** The header Telegram sends with every webhook call: the `secret_token` given to `setWebhook`. */
const TELEGRAM_SECRET_HEADER = "x-telegram-bot-api-secret-token";

/** HTTP edge of the notify service: each operation maps a validated request onto a use case. */
export const notifyOperations = (
  deps: UnsubscribeDependencies & BroadcastDependencies & TelegramBotDependencies,
): Operations<typeof notifyRoutes> => ({
  getNotificationPreferences: async ({ auth }) => withEtag(await getPreferences(deps, auth.userId)),
  changeNotificationPreferences: async ({ auth, body, headers }) =>
    withEtag(await changePreferences(deps, auth.userId, body.preferences, expectedVersion(headers))),
  unsubscribePage: async ({ query }) => html(unsubscribeConfirmationPage(deps, query.token)),
  unsubscribe: async ({ query }) => html(await unsubscribe(deps, query.token)),
  createBroadcast: async ({ auth, meta, body }) => ({ body: await createBroadcast(deps, { auth, meta }, body) }),
  getBroadcast: async ({ params }) => ({ body: await getBroadcast(deps, params.broadcastId) }),
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
