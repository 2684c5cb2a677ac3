import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { explainConflict } from "../explain-conflict.ts";
import { liveAccount, platformAudit } from "./platform-audit.ts";

/** Provider support moves ownership (e.g. the owner left the company) to an active admin with an email. */
export const platformTransferOwnership = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  toUserId: string,
) => {
  // The account and the new owner's membership in one BatchGetItem (both keys are in the request).
  const reads = deps.access.coalesced();
  const [[found], target] = await Promise.all([reads.accountsByIds([accountId]), reads.getMember(accountId, toUserId)]);
  const account = liveAccount(found);
  const fromUserId = account.ownerUserId;
  if (!fromUserId) throw problem.unprocessable("no_owner", "This account has no owner yet.");
  if (fromUserId === toUserId) throw problem.unprocessable("already_owner", "This user already owns the account.");
  if (!target || target.role !== "admin" || target.status !== "active" || !target.email) {
    throw problem.unprocessable(
      "owner_transfer_target",
      "Ownership can only go to an active admin with an email address.",
    );
  }
  const now = deps.now();
  await explainConflict(
    deps.members.transferOwnership({
      accountId,
      fromUserId,
      toUserId,
      now,
      audit: [platformAudit(caller, accountId, "account.owner_transferred", { from: fromUserId, to: toUserId }, now)],
      events: [
        outboxItem({
          type: "OwnershipTransferred",
          now,
          accountId,
          actor: { type: "platform-admin", userId: caller.auth.userId },
          data: { accountId, fromUserId, toUserId },
        }),
      ],
    }),
    () => problem.conflict("owner_transfer_conflict", "Ownership changed meanwhile; reload and retry."),
  );
  return { accountId, ownerUserId: toUserId };
};
