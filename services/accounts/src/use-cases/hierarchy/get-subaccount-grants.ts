import { problem } from "../../../../../shared/src/http/problem.ts";
import { isPrivileged } from "../../domain/roles.ts";
import { authorizeWith } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";

/**
 * Which sub-accounts a parent member may enter: all of them for owners and admins, else their grants.
 * Two round trips: the access check with the member, then one Query of the links or the grants.
 */
export const getSubaccountGrants = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  userId: string,
) => {
  // The member is read in the access check's BatchGetItem, and shown only once access is known.
  const { target: member } = await authorizeWith(deps, caller.auth.userId, accountId, "members.read", (reads) =>
    reads.getMember(accountId, userId),
  );
  if (!member) throw problem.notFound("No such member in this account.");
  if (isPrivileged(member.role)) {
    const all = await deps.hierarchy.allLinks(accountId, "sub");
    return { userId, allByRole: true, subaccountIds: all.map((link) => link.accountId) };
  }
  return {
    userId,
    allByRole: false,
    subaccountIds: (await deps.hierarchy.subaccountGrantsOf(accountId, userId)).sort(),
  };
};
