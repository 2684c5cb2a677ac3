import { problem } from "../../../../../shared/src/http/problem.ts";
import type { WriteConflict } from "../../domain/write-conflict.ts";
import type { AccountsDependencies } from "../dependencies.ts";

export const ownerProtected = () =>
  problem.conflict(
    "owner_protected",
    "The owner cannot be removed, disabled, demoted or restricted; transfer ownership first.",
  );

export const memberNotFound = () => problem.notFound("No such member in this account.");

/** A membership write failed its condition: the owner is protected, anything else means the member is gone. */
export const memberConflict = (conflict: WriteConflict) =>
  conflict.reason === "owner" ? ownerProtected() : memberNotFound();

export const loadMember = async (deps: AccountsDependencies, accountId: string, userId: string) => {
  const member = await deps.members.getMember(accountId, userId);
  if (!member) throw memberNotFound();
  return member;
};
