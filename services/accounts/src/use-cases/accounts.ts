import { outboxItem } from "../../../../shared/src/events/outbox.ts";
import { etagOf } from "../../../../shared/src/http/etag.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import { versionedUpdate } from "../../../../shared/src/http/versioned-update.ts";
import { auditEntry } from "../domain/audit.ts";
import { WriteConflict } from "../domain/write-conflict.ts";
import type { AccountsDependencies, Caller } from "./dependencies.ts";
import { linkOf } from "./hierarchy/account-link.ts";
import { partnerReportEvents } from "./hierarchy/partner-report-events.ts";
import { authorize } from "./resolve-access.ts";
import { accountView } from "./views.ts";

export const getAccount = async (deps: AccountsDependencies, caller: Caller, accountId: string) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "account.read");
  return { view: accountView(access.account, access), etag: etagOf(access.account.version) };
};

export interface AccountChanges {
  name?: string;
  settings?: { adminsCanGrantAdmin?: boolean };
  delegation?: { enabled: boolean };
}

/**
 * Name, settings and delegation. Delegation exists only on accounts a partner manages. The write
 * is conditional on the version read (`versionedUpdate`), so the reports a delegation switch sends
 * and the ETag returned describe the state this request really changed.
 */
export const updateAccount = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  changes: AccountChanges,
  ifMatch: number | undefined,
) =>
  versionedUpdate(ifMatch, async (precondition) => {
    const access = await authorize(deps, caller.auth.userId, accountId, "account.manage");
    const { account } = access;
    if (changes.delegation && !account.managedBy) {
      throw problem.unprocessable("not_managed", "Delegation applies only to accounts a partner manages.");
    }
    if (changes.delegation && access.via === "host") {
      throw problem.forbidden("missing_right", "Only the managed account's own owner or admins switch delegation.");
    }
    precondition(account.version);
    const set = {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.settings?.adminsCanGrantAdmin !== undefined
        ? { adminsCanGrantAdmin: changes.settings.adminsCanGrantAdmin }
        : {}),
      ...(changes.delegation ? { delegationEnabled: changes.delegation.enabled } : {}),
    };
    const now = deps.now();
    const changed = Object.keys(set);
    const actor = { type: "user" as const, userId: caller.auth.userId };
    const link = linkOf(account);
    const reports =
      set.delegationEnabled === false && account.delegationEnabled
        ? await partnerReportEvents(deps, account, "delegation_disabled", now, actor)
        : [];
    await deps.accounts.updateAccount({
      accountId,
      changes: set,
      expectedVersion: account.version,
      ...(link ? { link: { parentAccountId: link.parentAccountId, relation: link.relation } } : {}),
      now,
      audit: [
        auditEntry({
          accountId,
          action: "account.updated",
          access,
          target: { type: "account", id: accountId },
          changes: set,
          meta: caller.meta,
          now,
        }),
      ],
      events: [
        outboxItem({
          type: "AccountUpdated",
          now,
          accountId,
          actor,
          data: {
            accountId,
            changed,
            ...(set.delegationEnabled !== undefined ? { delegationEnabled: set.delegationEnabled } : {}),
          },
        }),
        ...reports,
      ],
    });
    const updated = { ...account, ...set, version: account.version + 1, updatedAt: now.toISOString() };
    return { view: accountView(updated, { ...access, account: updated }), etag: etagOf(updated.version) };
  });

/**
 * Soft-deletes the account (it answers 404 from then on) in one transaction with its audit entry
 * and event; the AccountDeleted consumer then purges its items. A top-level account with
 * sub-accounts goes only with `cascade`, and then they go in the same transaction.
 */
export const deleteAccount = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  cascade: boolean,
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "account.delete");
  if (access.via === "host") throw problem.forbidden("missing_right", "A partner cannot delete its client's account.");
  const now = deps.now();
  const { account } = access;
  const actor = { type: "user" as const, userId: caller.auth.userId };
  const subaccounts = account.parentAccountId ? [] : await deps.hierarchy.allLinks(accountId, "sub");
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
  const link = linkOf(account);
  try {
    await deps.accounts.softDeleteAccounts({
      accountIds: deleted.map((d) => d.accountId),
      links: link ? [link] : [],
      now,
      audit: deleted.map((d) =>
        auditEntry({
          accountId: d.accountId,
          action: "account.deleted",
          access,
          target: { type: "account", id: d.accountId },
          meta: caller.meta,
          now,
        }),
      ),
      events: [
        ...deleted.map((d) =>
          outboxItem({
            type: "AccountDeleted",
            now,
            accountId: d.accountId,
            actor,
            data: {
              accountId: d.accountId,
              ...(d.parentAccountId ? { parentAccountId: d.parentAccountId } : {}),
              ...(d.managedBy ? { managedBy: d.managedBy } : {}),
            },
          }),
        ),
        ...(await partnerReportEvents(deps, account, "deleted", now, actor)),
      ],
    });
  } catch (error) {
    if (error instanceof WriteConflict)
      throw problem.conflict("account_changed", "The account or a sub-account changed meanwhile; retry.");
    throw error;
  }
};
