import type { OperationExamples } from "../../../shared/src/http/operation-examples.ts";
import type { notifyRoutes } from "./routes.ts";

const broadcastId = "01JD5R3C4D5E6F7G8H9J0K1M2N";
const preferences = {
  security: { email: true, sms: true, telegram: false },
  account: { email: true, sms: false, telegram: false },
  billing: { email: true, sms: false, telegram: false },
  news: { email: true, sms: false, telegram: false },
  partner_reports: { email: true, sms: false, telegram: false },
};

/** Example requests and responses of the notify service's operations (published in /openapi.json). */
export const notifyExamples: OperationExamples<typeof notifyRoutes> = {
  getNotificationPreferences: { response: { preferences } },
  changeNotificationPreferences: {
    request: { preferences: { news: { email: true }, security: { sms: true } } },
    response: { preferences },
  },
  unsubscribe: { request: { "List-Unsubscribe": "One-Click" } },
  linkTelegram: {
    response: {
      deepLink: "https://t.me/tenantry_support_bot?start=q3R7xW9zB2mN5pL8vK1cD4fH6jS0tY3uA1b2C3d4E5f",
      expiresAt: "2026-11-22T10:10:00.000Z",
    },
  },
  telegramWebhook: {
    request: {
      update_id: 10000,
      message: {
        message_id: 1,
        date: 1795342800,
        chat: { id: 1001, type: "private" },
        from: { id: 1001, is_bot: false, first_name: "Anna", username: "anna_nowak" },
        text: "/start q3R7xW9zB2mN5pL8vK1cD4fH6jS0tY3uA1b2C3d4E5f",
      },
    },
  },
  createBroadcast: {
    request: {
      category: "news",
      subject: { en: "What's new in November", pl: "Nowości w listopadzie" },
      body: {
        en: "Sub-accounts can now be moved between parents.",
        pl: "Subkonta można teraz przenosić między kontami nadrzędnymi.",
      },
    },
    response: { broadcastId },
  },
  getBroadcast: {
    response: {
      broadcastId,
      category: "news",
      status: "sending",
      recipients: 1200,
      sent: 800,
      createdAt: "2026-11-22T10:00:00.000Z",
    },
  },
};
