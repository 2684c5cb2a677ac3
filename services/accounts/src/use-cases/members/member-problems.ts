import { problem } from "../../../../../shared/src/http/problem.ts";
import type { Member } from "../../domain/member.ts";
import type { Right } from "../../domain/rights.ts";
import type { WriteConflict } from "../../domain/write-conflict.ts";
import type { CoalescedReadOptions } from "../../ports/access-facts.ts";
import { authorizeWith } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";

export const ownerProtected = () =>
  problem.conflict(
    "owner_protected",
    "The owner cannot be removed, disabled, demoted or restricted; transfer ownership first.",
  );

export const memberNotFound = () => problem.notFound("No such member in this account.");

/**
 * A membership write failed its condition: the owner is protected; "state" means the member's grants
 * kept changing while a removal ran (it gave up); anything else means the member is gone.
 */
export const memberConflict = (conflict: WriteConflict) => {
  if (conflict.reason === "owner") return ownerProtected();
  if (conflict.reason === "state") {
    return problem.conflict("member_grants_changing", "The member's access kept changing during the removal; retry.");
  }
  return memberNotFound();
};

const loadMember = async (deps: AccountsDependencies, accountId: string, userId: string) => {
  const member = await deps.members.getMember(accountId, userId);
  if (!member) throw memberNotFound();
  return member;
};

/** Access with one right, and the addressed membership read in the same BatchGetItem (404 when absent). */
export const authorizeOnMember = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  userId: string,
  right: Right,
  options?: CoalescedReadOptions,
) => {
  const { access, target } = await authorizeWith(
    deps,
    caller.auth.userId,
    accountId,
    right,
    (reads) => reads.getMember(accountId, userId),
    options,
  );
  if (!target) throw memberNotFound();
  return { access, member: target };
};

/**
 * The member each attempt of a versioned change starts from: the first takes the one read with the
 * access check, an attempt after a lost race reads it again.
 */
export const memberPerAttempt = (deps: AccountsDependencies, firstRead: Member) => {
  let unused: Member | undefined = firstRead;
  return async (): Promise<Member> => {
    const member = unused ?? (await loadMember(deps, firstRead.accountId, firstRead.userId));
    unused = undefined;
    return member;
  };
};
