import { problem } from "../../../../../shared/src/http/problem.ts";
import type { WriteConflict } from "../../domain/write-conflict.ts";
import type { AccountsDependencies } from "../dependencies.ts";

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

export const loadMember = async (deps: AccountsDependencies, accountId: string, userId: string) => {
  const member = await deps.members.getMember(accountId, userId);
  if (!member) throw memberNotFound();
  return member;
};
