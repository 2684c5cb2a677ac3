import { etagOf } from "../../../../../shared/src/http/etag.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { versionedUpdate } from "../../../../../shared/src/http/versioned-update.ts";
import { authorize } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { linkOf } from "../hierarchy/account-link.ts";
import { partnerReportEvents } from "../hierarchy/partner-report-events.ts";
import { recordedChange } from "../recorded-change.ts";
import { accountView } from "../views.ts";

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
    const actor = { type: "user" as const, userId: caller.auth.userId };
    const link = linkOf(account);
    const reports =
      set.delegationEnabled === false && account.delegationEnabled
        ? await partnerReportEvents(deps, account, "delegation_disabled", now, actor)
        : [];
    const recorded = recordedChange({
      caller,
      access,
      accountId,
      action: "account.updated",
      target: { type: "account", id: accountId },
      changes: set,
      now,
      events: [
        {
          type: "AccountUpdated",
          data: {
            accountId,
            changed: Object.keys(set),
            ...(set.delegationEnabled !== undefined ? { delegationEnabled: set.delegationEnabled } : {}),
          },
        },
      ],
    });
    await deps.accounts.updateAccount({
      accountId,
      changes: set,
      expectedVersion: account.version,
      ...(link ? { link: { parentAccountId: link.parentAccountId, relation: link.relation } } : {}),
      now,
      audit: recorded.audit,
      events: [...recorded.events, ...reports],
    });
    const updated = { ...account, ...set, version: account.version + 1, updatedAt: now.toISOString() };
    return { view: accountView(updated, { ...access, account: updated }), etag: etagOf(updated.version) };
  });
