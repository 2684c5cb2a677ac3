import { isConditionFailure } from "../../../../shared/src/table/conditional-write.ts";
import { defined } from "../../../../shared/src/table/defined.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import type { TelegramProjection } from "../ports/telegram-projection.ts";

export const tableTelegramProjection = (table: TableService): TelegramProjection => ({
  async record(userId, telegram, changedAt) {
    const patch = table.entities.user.patch({ userId });
    const write = telegram
      ? patch.set({ telegram: defined(telegram), telegramChangedAt: changedAt })
      : patch.set({ telegramChangedAt: changedAt }).remove(["telegram"]);
    try {
      await write
        .where((attr, op) => `${op.notExists(attr.telegramChangedAt)} OR ${op.lt(attr.telegramChangedAt, changedAt)}`)
        .go({ response: "none" });
    } catch (error) {
      // A later change is recorded, or the profile is gone (erased): nothing to do either way.
      if (!isConditionFailure(error)) throw error;
    }
  },
});
