import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { versionedUpdate } from "../../../../../shared/src/http/versioned-update.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { loadAccount, platformAudit } from "./platform-audit.ts";

/** Makes an account a partner (host / service organisation) or a standard account again. */
export const setAccountKind = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  kind: "standard" | "partner",
) => {
  return versionedUpdate(undefined, async () => {
    const account = await loadAccount(deps, accountId);
    if (account.parentAccountId && kind === "partner") {
      throw problem.unprocessable("subaccount_depth", "A sub-account cannot be a partner.");
    }
    const now = deps.now();
    await deps.accounts.updateAccount({
      accountId,
      changes: { kind },
      expectedVersion: account.version,
      now,
      audit: [platformAudit(caller, accountId, "account.kind_changed", { from: account.kind, to: kind }, now)],
      events: [
        outboxItem({
          type: "AccountUpdated",
          now,
          accountId,
          actor: { type: "platform-admin", userId: caller.auth.userId },
          data: { accountId, changed: ["kind"] },
        }),
      ],
    });
    return { accountId, kind };
  });
};
