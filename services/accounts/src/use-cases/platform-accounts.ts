import { ulid } from "ulid";
import { outboxItem } from "../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import { versionedUpdate } from "../../../../shared/src/http/versioned-update.ts";
import type { AuditEntry } from "../domain/audit.ts";
import { WriteConflict } from "../domain/write-conflict.ts";
import type { AccountsDependencies, Caller } from "./dependencies.ts";

/** Provider support acts on any account; each action lands in that account's audit log as a platform-admin action. */
const platformAudit = (
  caller: Caller,
  accountId: string,
  action: string,
  changes: Record<string, unknown>,
  now: Date,
): AuditEntry => ({
  accountId,
  entryId: ulid(now.getTime()),
  action,
  actorType: "platform-admin",
  actorUserId: caller.auth.userId,
  targetType: "account",
  targetId: accountId,
  changes,
  ip: caller.meta.ip,
  userAgent: caller.meta.userAgent.slice(0, 512),
  requestId: caller.meta.requestId,
  at: now.toISOString(),
});

const loadAccount = async (deps: AccountsDependencies, accountId: string) => {
  const [account] = await deps.accounts.accountsByIds([accountId]);
  if (!account || account.status !== "active") throw problem.notFound("No such account.");
  return account;
};

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

/** Provider support moves ownership (e.g. the owner left the company) to an active admin with an email. */
export const platformTransferOwnership = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  toUserId: string,
) => {
  const account = await loadAccount(deps, accountId);
  if (!account.ownerUserId) throw problem.unprocessable("no_owner", "This account has no owner yet.");
  if (account.ownerUserId === toUserId)
    throw problem.unprocessable("already_owner", "This user already owns the account.");
  const target = await deps.members.getMember(accountId, toUserId);
  if (!target || target.role !== "admin" || target.status !== "active" || !target.email) {
    throw problem.unprocessable(
      "owner_transfer_target",
      "Ownership can only go to an active admin with an email address.",
    );
  }
  const now = deps.now();
  try {
    await deps.members.transferOwnership({
      accountId,
      fromUserId: account.ownerUserId,
      toUserId,
      now,
      audit: [
        platformAudit(caller, accountId, "account.owner_transferred", { from: account.ownerUserId, to: toUserId }, now),
      ],
      events: [
        outboxItem({
          type: "OwnershipTransferred",
          now,
          accountId,
          actor: { type: "platform-admin", userId: caller.auth.userId },
          data: { accountId, fromUserId: account.ownerUserId, toUserId },
        }),
      ],
    });
  } catch (error) {
    if (error instanceof WriteConflict)
      throw problem.conflict("owner_transfer_conflict", "Ownership changed meanwhile; reload and retry.");
    throw error;
  }
  return { accountId, ownerUserId: toUserId };
};
