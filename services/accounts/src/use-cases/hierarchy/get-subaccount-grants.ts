import { problem } from "../../../../../shared/src/http/problem.ts";
import { isPrivileged } from "../../domain/roles.ts";
import { authorize } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";

/** Which sub-accounts a parent member may enter: all of them for owners and admins, else their grants. */
export const getSubaccountGrants = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  userId: string,
) => {
  await authorize(deps, caller.auth.userId, accountId, "members.read");
  const member = await deps.members.getMember(accountId, userId);
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
