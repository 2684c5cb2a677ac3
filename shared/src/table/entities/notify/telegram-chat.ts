// Owner: notify — the notify service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** Which user a Telegram chat is bound to: one user per chat (the user's side is `recipient.telegram`). */
export const telegramChatEntity = defineEntity({
  model: { entity: "telegramChat", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    chatId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true },
    linkedAt: { type: "string", required: true },
  },
  indexes: {
    byChat: primary("TELEGRAM#CHAT#${chatId}", ["chatId"], "TELEGRAM#CHAT", []),
  },
});

export type TelegramChatItem = EntityItem<ReturnType<typeof telegramChatEntity>>;
