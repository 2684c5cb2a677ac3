import { outboxItem } from "../../../../shared/src/events/outbox.ts";
import { etagOf } from "../../../../shared/src/http/etag.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import { WriteConflict } from "../adapters/table-accounts-store.ts";
import { auditEntry } from "../domain/audit.ts";
import type { AccountsDependencies, Caller } from "./dependencies.ts";
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

/** Name, settings and delegation. Delegation exists only on accounts a partner manages. */
export const updateAccount = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  changes: AccountChanges,
  expectedVersion: number | undefined,
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "account.manage");
  const { account } = access;
  if (changes.delegation && !account.managedBy) {
    throw problem.unprocessable("not_managed", "Delegation applies only to accounts a partner manages.");
  }
  if (changes.delegation && access.via === "host") {
    throw problem.forbidden("missing_right", "Only the managed account's own owner or admins switch delegation.");
  }
  const set = {
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.settings?.adminsCanGrantAdmin !== undefined
      ? { adminsCanGrantAdmin: changes.settings.adminsCanGrantAdmin }
      : {}),
    ...(changes.delegation ? { delegationEnabled: changes.delegation.enabled } : {}),
  };
  const now = deps.now();
  const changed = Object.keys(set);
  try {
    await deps.store.updateAccount({
      accountId,
      changes: set,
      expectedVersion,
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
          actor: { type: "user", userId: caller.auth.userId },
          data: {
            accountId,
            changed,
            ...(set.delegationEnabled !== undefined ? { delegationEnabled: set.delegationEnabled } : {}),
          },
        }),
      ],
    });
  } catch (error) {
    if (error instanceof WriteConflict) throw problem.preconditionFailed();
    throw error;
  }
  const updated = { ...account, ...set, version: account.version + 1 };
  return { view: accountView(updated, { ...access, account: updated }), etag: etagOf(updated.version) };
};

/**
 * Soft-deletes the account (it answers 404 from then on) in one transaction with its audit entry
 * and event; the AccountDeleted consumer then purges its items.
 */
export const deleteAccount = async (deps: AccountsDependencies, caller: Caller, accountId: string) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "account.delete");
  if (access.via === "host") throw problem.forbidden("missing_right", "A partner cannot delete its client's account.");
  const now = deps.now();
  const { account } = access;
  try {
    await deps.store.softDeleteAccounts({
      accountIds: [accountId],
      now,
      audit: [
        auditEntry({
          accountId,
          action: "account.deleted",
          access,
          target: { type: "account", id: accountId },
          meta: caller.meta,
          now,
        }),
      ],
      events: [
        outboxItem({
          type: "AccountDeleted",
          now,
          accountId,
          actor: { type: "user", userId: caller.auth.userId },
          data: {
            accountId,
            ...(account.parentAccountId ? { parentAccountId: account.parentAccountId } : {}),
            ...(account.managedBy ? { managedBy: account.managedBy } : {}),
          },
        }),
      ],
    });
  } catch (error) {
    if (error instanceof WriteConflict) throw problem.notFound();
    throw error;
  }
};
