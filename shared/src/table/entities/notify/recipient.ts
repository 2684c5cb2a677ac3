// Owner: notify — the notify service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, LOCALES, primary } from "../single-table.ts";

export const recipientEntity = defineEntity({
  model: { entity: "recipient", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    email: { type: "string" },
    fullName: { type: "string", required: true },
    locale: { type: LOCALES, required: true, default: "en" },
    updatedAt: { type: "string", required: true },
    /** The user's phone (E.164) as the users service last reported it, and since when (orders late events). */
    phone: { type: "string" },
    phoneStatus: { type: ["unconfirmed", "confirmed"] as const },
    phoneUpdatedAt: { type: "string" },
    /** The Telegram chat bound to the user (SPEC 6.6); its reverse lookup is the `telegramChat` item. */
    telegram: {
      type: "map",
      properties: {
        chatId: { type: "string", required: true },
        username: { type: "string" },
        linkedAt: { type: "string", required: true },
      },
    },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "NOTIFY#RECIPIENT", []),
  },
});

export type RecipientItem = EntityItem<ReturnType<typeof recipientEntity>>;
