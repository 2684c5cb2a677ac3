import { defineRoutes } from "../../../shared/src/http/route.ts";
import { telegramLinkResponse, telegramUpdateBody } from "./telegram-schemas.ts";

export const notifyRoutes = defineRoutes([
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
