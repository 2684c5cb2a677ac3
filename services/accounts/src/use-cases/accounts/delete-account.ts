import { problem } from "../../../../../shared/src/http/problem.ts";
import { mayHaveSubaccounts } from "../../domain/access.ts";
import { authorize } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { explainConflict } from "../explain-conflict.ts";
import { linkOf } from "../hierarchy/account-link.ts";
import { partnerReportEvents } from "../hierarchy/partner-report-events.ts";
import { recordedChange } from "../recorded-change.ts";

/**
 * Soft-deletes the account (it answers 404 from then on) in one transaction with its audit entry
 * and event; the AccountDeleted consumer then purges its items. A top-level account with
 * sub-accounts goes only with `cascade`, and then they go in the same transaction.
 * The account is read before its sub-account links are listed (both strongly consistent), and the
 * transaction is conditional on its count of sub-account changes as read: a sub-account created
 * after that read makes the deletion fail, so it is never missed (left without a parent, or
 * deleted with its parent without `cascade`).
 */
export const deleteAccount = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  cascade: boolean,
) => {
  const access = await authorize(
    { access: deps.access.coalesced({ consistent: true }) },
    caller.auth.userId,
    accountId,
    "account.delete",
  );
  if (access.via === "host") throw problem.forbidden("missing_right", "A partner cannot delete its client's account.");
  const now = deps.now();
  const { account } = access;
  const actor = { type: "user" as const, userId: caller.auth.userId };
  const subaccounts = mayHaveSubaccounts(account)
    ? await deps.hierarchy.allLinks(accountId, "sub", { consistent: true })
    : [];
  if (subaccounts.length > 0 && !cascade) {
    throw problem.conflict(
      "has_subaccounts",
      `This account has ${subaccounts.length} sub-account(s); delete with ?cascade=true to delete them too.`,
    );
  }
  const deleted = [
    { accountId, parentAccountId: account.parentAccountId, managedBy: account.managedBy },
    ...subaccounts.map((sub) => ({ accountId: sub.accountId, parentAccountId: accountId, managedBy: undefined })),
  ];
  // Each deleted account records its own deletion (audit entry and event in its own log).
  const recorded = deleted.map((d) =>
    recordedChange({
      caller,
      access,
      accountId: d.accountId,
      action: "account.deleted",
      target: { type: "account", id: d.accountId },
      now,
      events: [
        {
          type: "AccountDeleted",
          data: {
            accountId: d.accountId,
            ...(d.parentAccountId ? { parentAccountId: d.parentAccountId } : {}),
            ...(d.managedBy ? { managedBy: d.managedBy } : {}),
          },
        },
      ],
    }),
  );
  const link = linkOf(account);
  await explainConflict(
    deps.accounts.softDeleteAccounts({
      accountIds: deleted.map((d) => d.accountId),
      links: link ? [link] : [],
      ...(account.parentAccountId
        ? {}
        : { subaccountsAsListed: { accountId, subaccountsVersion: account.subaccountsVersion } }),
      now,
      audit: recorded.flatMap((r) => r.audit),
      events: [
        ...recorded.flatMap((r) => r.events),
        ...(await partnerReportEvents(deps, account, "deleted", now, actor)),
      ],
    }),
    () => problem.conflict("account_changed", "The account or a sub-account changed meanwhile; retry."),
  );
};
