import { problem } from "../../../../../shared/src/http/problem.ts";
import { suspendedWithDelegation } from "../../domain/access.ts";
import { authorizeWith, governingAccount } from "../access/resolve-access.ts";
import { assertRoleNeedsNoMissingEmail } from "../access/role-grants.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { explainConflict } from "../explain-conflict.ts";
import { recordedChange } from "../recorded-change.ts";
import { memberNotFound } from "./member-problems.ts";

/** Only the owner hands ownership over, to an active admin with an email; both roles swap in one transaction. */
export const transferOwnership = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  toUserId: string,
) => {
  // The new owner's membership is read with the caller's access, and judged after the caller is.
  const { access, target } = await authorizeWith(deps, caller.auth.userId, accountId, "account.read", (reads) =>
    reads.getMember(accountId, toUserId),
  );
  if (access.via !== "member" || access.role !== "owner") {
    throw problem.forbidden("owner_only", "Only the account's owner can transfer ownership.");
  }
  if (toUserId === caller.auth.userId) throw problem.unprocessable("already_owner", "You already own this account.");
  if (!target) throw memberNotFound();
  const suspended = suspendedWithDelegation(target, await governingAccount(deps, access.account, [target]));
  if (target.role !== "admin" || target.status !== "active" || suspended) {
    throw problem.unprocessable("owner_transfer_target", "Ownership can only go to an active admin of this account.");
  }
  assertRoleNeedsNoMissingEmail("owner", target.email);
  const now = deps.now();
  const fromUserId = caller.auth.userId;
  await explainConflict(
    deps.members.transferOwnership({
      accountId,
      fromUserId,
      toUserId,
      now,
      ...recordedChange({
        caller,
        access,
        accountId,
        action: "account.owner_transferred",
        target: { type: "member", id: toUserId },
        changes: { from: fromUserId, to: toUserId },
        now,
        events: [{ type: "OwnershipTransferred", data: { accountId, fromUserId, toUserId } }],
      }),
    }),
    () =>
      problem.conflict(
        "owner_transfer_conflict",
        "Ownership or the new owner's role changed meanwhile; reload and retry.",
      ),
  );
  return { accountId, ownerUserId: toUserId };
};
