import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { auditEntry } from "../../domain/audit.ts";
import { WriteConflict } from "../../domain/write-conflict.ts";
import { authorize, requireRight } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { subaccountView } from "./subaccount-view.ts";

/** A sub-account of a top-level account: name and an external id unique under that parent; billing rolls up. */
export const createSubaccount = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  input: { name: string; externalId: string },
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "account.read");
  if (access.account.parentAccountId) {
    throw problem.unprocessable("subaccount_depth", "A sub-account cannot have sub-accounts of its own.");
  }
  requireRight(access, "subaccounts.manage");
  const now = deps.now();
  const at = now.toISOString();
  const child = {
    accountId: deps.newId(),
    name: input.name,
    kind: "standard" as const,
    status: "active" as const,
    parentAccountId: accountId,
    externalId: input.externalId,
    billingAccountId: access.account.billingAccountId ?? accountId,
    adminsCanGrantAdmin: access.account.adminsCanGrantAdmin,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const actor = { type: "user" as const, userId: caller.auth.userId };
  try {
    await deps.hierarchy.createSubaccount({
      account: child,
      now,
      audit: [
        auditEntry({
          accountId,
          action: "subaccount.created",
          access,
          target: { type: "account", id: child.accountId },
          changes: { externalId: input.externalId },
          meta: caller.meta,
          now,
        }),
        auditEntry({
          accountId: child.accountId,
          action: "account.created",
          access,
          target: { type: "account", id: child.accountId },
          meta: caller.meta,
          now,
        }),
      ],
      events: [
        outboxItem({
          type: "AccountCreated",
          now,
          accountId: child.accountId,
          actor,
          data: { accountId: child.accountId, name: child.name, kind: "standard", parentAccountId: accountId },
        }),
      ],
    });
  } catch (error) {
    if (error instanceof WriteConflict && error.reason === "exists") {
      throw problem.conflict("external_id_taken", "Another sub-account of this account has this external id.");
    }
    if (error instanceof WriteConflict) throw problem.notFound();
    throw error;
  }
  return subaccountView(child);
};
