import { problem } from "../../../../../shared/src/http/problem.ts";
import { versionedUpdate } from "../../../../../shared/src/http/versioned-update.ts";
import { isPrivileged } from "../../domain/roles.ts";
import { authorizeWith } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { recordedChange } from "../recorded-change.ts";

/**
 * Sets exactly which sub-accounts a parent member may enter; owners and admins enter all of them,
 * always. Three round trips: the member and the named sub-accounts ride in the access check's
 * BatchGetItem, the member's current grants are one Query (the removals must name them), then one
 * transaction conditional on the member's version.
 */
export const setSubaccountGrants = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  userId: string,
  subaccountIds: string[],
) => {
  const wanted = new Set(subaccountIds);
  const {
    access,
    target: [memberRead, found],
  } = await authorizeWith(deps, caller.auth.userId, accountId, "subaccounts.manage", (reads) =>
    Promise.all([reads.getMember(accountId, userId), reads.accountsByIds([...wanted])]),
  );
  const valid = new Set(
    found.filter((a) => a.parentAccountId === accountId && a.status === "active").map((a) => a.accountId),
  );
  const unknown = [...wanted].filter((id) => !valid.has(id));
  if (unknown.length > 0)
    throw problem.unprocessable("subaccount_not_found", `Not sub-accounts of this account: ${unknown.join(", ")}.`);
  // The grant set is computed from what was read, so the write is conditional on the member's version.
  let unused: typeof memberRead | null = memberRead;
  return versionedUpdate(undefined, async () => {
    // The first attempt uses the member the access check read; a retry reads it again.
    const member = unused === null ? await deps.members.getMember(accountId, userId) : unused;
    unused = null;
    if (!member) throw problem.notFound("No such member in this account.");
    if (isPrivileged(member.role)) {
      throw problem.conflict(
        "parent_admin_access",
        "Owners and admins of the parent account always have access to every sub-account.",
      );
    }
    const current = new Set(await deps.hierarchy.subaccountGrantsOf(accountId, userId));
    const add = [...wanted].filter((id) => !current.has(id));
    const remove = [...current].filter((id) => !wanted.has(id));
    const now = deps.now();
    if (add.length > 0 || remove.length > 0) {
      await deps.hierarchy.setSubaccountGrants({
        parentAccountId: accountId,
        userId,
        memberVersion: member.version,
        add,
        remove,
        grantedBy: caller.auth.userId,
        now,
        ...recordedChange({
          caller,
          access,
          accountId,
          action: "member.subaccounts_changed",
          target: { type: "member", id: userId },
          changes: { added: add, removed: remove },
          now,
          events: [{ type: "SubaccountGrantsChanged", data: { accountId, userId, subaccountIds: [...wanted].sort() } }],
        }),
      });
    }
    return { userId, allByRole: false, subaccountIds: [...wanted].sort() };
  });
};
