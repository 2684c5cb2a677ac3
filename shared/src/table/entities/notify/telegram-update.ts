// Owner: notify — the notify service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** A Telegram update already handled: Telegram redelivers an update it got no answer for. */
export const telegramUpdateEntity = defineEntity({
  model: { entity: "telegramUpdate", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    updateId: { type: "number", required: true, readOnly: true },
    /** Epoch seconds: TTL removes it once Telegram has long stopped redelivering (it keeps updates 24 h). */
    expiresAt: { type: "number", required: true, readOnly: true },
  },
  indexes: {
    byUpdate: primary("TELEGRAM#UPDATE#${updateId}", ["updateId"], "TELEGRAM#UPDATE", []),
  },
});

export type TelegramUpdateItem = EntityItem<ReturnType<typeof telegramUpdateEntity>>;
