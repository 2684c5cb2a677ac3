import type { TableService } from "../../../../shared/src/table/entities.ts";
import { firstConditionHeld } from "../../../../shared/src/table/transactions.ts";
import type { TwoFactorChanges } from "../ports/two-factor-changes.ts";
import { securityActivityItem } from "./table-security-activity.ts";

/** The TOTP factor item (shared with step-up in every service) changed together with its log entry and notice. */
export const tableTwoFactorChanges = (table: TableService): TwoFactorChanges => ({
  async enable({ factor, timeStep, now, activity, notice }) {
    const at = now.toISOString();
    return firstConditionHeld(
      table.transaction.write(({ totpFactor, securityActivity, outboxEvent }) => [
        totpFactor
          .patch({ userId: factor.userId })
          .set({ status: "enabled", lastUsedStep: timeStep, enabledAt: at, updatedAt: at })
          .where((attr, op) => `${op.eq(attr.status, "pending")} AND ${op.eq(attr.sealedSecret, factor.sealedSecret)}`)
          .commit(),
        securityActivity.create(securityActivityItem(activity)).commit(),
        ...(notice ? [outboxEvent.create(notice).commit()] : []),
      ]),
    );
  },

  async disable({ userId, activity, notice }) {
    return firstConditionHeld(
      table.transaction.write(({ totpFactor, securityActivity, outboxEvent }) => [
        totpFactor
          .delete({ userId })
          .where((attr, op) => op.eq(attr.status, "enabled"))
          .commit(),
        securityActivity.create(securityActivityItem(activity)).commit(),
        ...(notice ? [outboxEvent.create(notice).commit()] : []),
      ]),
    );
  },
});
