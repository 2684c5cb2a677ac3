import { defineRoutes } from "../../../shared/src/http/route.ts";
import {
  broadcastCreatedResponse,
  broadcastParams,
  broadcastRequest,
  broadcastResponse,
  preferencesChangeRequest,
  preferencesResponse,
  unsubscribeForm,
  unsubscribeQuery,
} from "./schemas.ts";
import { telegramLinkResponse, telegramUpdateBody } from "./telegram-schemas.ts";

const me = ["Me"];
const notifications = ["Notifications"];
const platform = ["Platform"];

export const notifyRoutes = defineRoutes([
  {
    operationId: "getNotificationPreferences",
    method: "GET",
    path: "/v1/me/notifications",
    auth: "user",
    summary: "Channels (email, sms, telegram) per message category, defaults included",
    tags: me,
    success: { status: 200, description: "The preferences", schema: preferencesResponse },
  },
  {
    operationId: "changeNotificationPreferences",
    method: "PUT",
    path: "/v1/me/notifications",
    auth: "user",
    summary:
      "Change channels per category (a partial object is merged): security email stays on; sms needs a confirmed phone, telegram a linked chat",
    tags: me,
    request: { body: preferencesChangeRequest },
    success: { status: 200, description: "The preferences after the change", schema: preferencesResponse },
    problems: [409, 412, 422],
  },
  {
    operationId: "unsubscribePage",
    method: "GET",
    path: "/v1/notifications/unsubscribe",
    auth: "public",
    summary:
      "The page an unsubscribe link opens: asks for confirmation and changes nothing (mail scanners follow links)",
    tags: notifications,
    request: { query: unsubscribeQuery },
    success: { status: 200, description: "An HTML page with an unsubscribe button" },
  },
  {
    operationId: "unsubscribe",
    method: "POST",
    path: "/v1/notifications/unsubscribe",
    auth: "public",
    summary: "One-click unsubscribe (RFC 8058): turns email off for the token's category",
    tags: notifications,
    request: { query: unsubscribeQuery, form: unsubscribeForm },
    success: { status: 200, description: "An HTML page saying it is done" },
    problems: [409],
  },
  {
    operationId: "createBroadcast",
    method: "POST",
    path: "/v1/platform/broadcasts",
    auth: "platform-admin",
    summary:
      "Send news to every subscribed, unrestricted user in their locale (fallback en), asynchronously in batches",
    tags: platform,
    request: { body: broadcastRequest },
    success: { status: 202, description: "Queued", schema: broadcastCreatedResponse },
    idempotent: true,
  },
  {
    operationId: "getBroadcast",
    method: "GET",
    path: "/v1/platform/broadcasts/{broadcastId}",
    auth: "platform-admin",
    summary: "A broadcast's progress: recipients claimed so far and messages sent",
    tags: platform,
    request: { params: broadcastParams },
    success: { status: 200, description: "The broadcast", schema: broadcastResponse },
    problems: [404],
  },
  {
    operationId: "linkTelegram",
    method: "POST",
    path: "/v1/me/telegram/link",
    auth: "user",
    summary: "Get a Telegram deep link that binds the chat opening it to you (single use, 10 minutes)",
    tags: ["me"],
    success: { status: 200, description: "The deep link", schema: telegramLinkResponse },
  },
  {
    operationId: "unlinkTelegram",
    method: "DELETE",
    path: "/v1/me/telegram",
    auth: "user",
    summary: "Unbind your Telegram chat (the bot says goodbye in it)",
    tags: ["me"],
    success: { status: 204, description: "Unlinked" },
    problems: [404],
  },
  {
    operationId: "telegramWebhook",
    method: "POST",
    path: "/v1/telegram/webhook",
    auth: "public",
    summary:
      "The support bot's webhook: Telegram posts updates with the secret header X-Telegram-Bot-Api-Secret-Token; every update is answered 200",
    tags: ["telegram"],
    request: { body: telegramUpdateBody },
    success: { status: 200, description: "Update received (handled or ignored)" },
    problems: [401],
  },
]);
