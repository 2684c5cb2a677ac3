// Owner: notify — the notify service writes it (exceptions: ../cross-service-writes.ts).
import { Entity, type EntityItem } from "electrodb";
import { ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** Which user a Telegram chat is bound to: one user per chat (the user's side is `recipient.telegram`). */
export const telegramChatEntity = new Entity({
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

export type TelegramChatItem = EntityItem<typeof telegramChatEntity>;
