import { type EffectiveRole, mayHaveSubaccounts, type Via } from "../../domain/access.ts";
import { isPrivileged } from "../../domain/roles.ts";
import { liveMemberships } from "../access/resolve-access.ts";
import type { AccountsDependencies } from "../dependencies.ts";

interface SwitcherItem {
  accountId: string;
  name: string;
  kind: "standard" | "partner";
  role: EffectiveRole;
  via: Via;
  parentAccountId: string | null;
  managedBy: string | null;
}

/**
 * The account switcher: every account the user can act in, by the same rules as the access
 * resolver — direct memberships first, then sub-accounts through the parent (all of them for
 * the parent's owners/admins, the granted ones otherwise), then accounts a partner manages with
 * delegation on. A disabled direct membership hides the account whatever else would apply.
 */
export const listMyAccounts = async (
  deps: Pick<AccountsDependencies, "access" | "accounts" | "members" | "hierarchy">,
  userId: string,
) => {
  const { memberships: all, subaccountGrants } = await deps.members.membershipsWithGrantsOf(userId);
  // Every membership's account in one read: the delegation check of host-added memberships uses it too.
  const read = await deps.accounts.accountsByIds(all.map((m) => m.accountId));
  const memberships = await liveMemberships(deps, all, read);
  const blocked = new Set(memberships.filter((m) => m.status !== "active").map((m) => m.accountId));
  const active = memberships.filter((m) => m.status === "active");
  const activeIds = new Set(active.map((m) => m.accountId));
  const accounts = read.filter((a) => activeIds.has(a.accountId) && a.status === "active");
  const roleIn = new Map(active.map((m) => [m.accountId, m.role]));
  const items = new Map<string, SwitcherItem>();
  for (const account of accounts) {
    items.set(account.accountId, {
      accountId: account.accountId,
      name: account.name,
      kind: account.kind,
      role: roleIn.get(account.accountId) ?? "viewer",
      via: "member",
      parentAccountId: account.parentAccountId ?? null,
      managedBy: account.managedBy ?? null,
    });
  }
  const grantedIn = new Map<string, Set<string>>();
  for (const { parentAccountId, subaccountId } of subaccountGrants) {
    grantedIn.set(parentAccountId, (grantedIn.get(parentAccountId) ?? new Set()).add(subaccountId));
  }
  const addInherited = (item: SwitcherItem) => {
    if (!items.has(item.accountId) && !blocked.has(item.accountId)) items.set(item.accountId, item);
  };

  await Promise.all(
    accounts
      .filter((account) => !account.parentAccountId)
      .map(async (parent) => {
        const role = roleIn.get(parent.accountId) ?? "viewer";
        // Owners and admins of the parent reach every sub-account; anyone else only the granted ones.
        const granted = isPrivileged(role) ? undefined : (grantedIn.get(parent.accountId) ?? new Set<string>());
        if (mayHaveSubaccounts(parent) && (!granted || granted.size > 0)) {
          for (const sub of await deps.hierarchy.allLinks(parent.accountId, "sub")) {
            if (granted && !granted.has(sub.accountId)) continue;
            addInherited({
              accountId: sub.accountId,
              name: sub.name,
              kind: "standard",
              role: granted ? role : "admin",
              via: granted ? "subaccount-grant" : "parent",
              parentAccountId: parent.accountId,
              managedBy: null,
            });
          }
        }
        if (parent.kind === "partner") {
          const managed = await deps.hierarchy.allLinks(parent.accountId, "managed");
          const states = await deps.accounts.accountsByIds(managed.map((m) => m.accountId));
          for (const client of states) {
            if (client.status !== "active" || !client.delegationEnabled || client.managedBy !== parent.accountId)
              continue;
            addInherited({
              accountId: client.accountId,
              name: client.name,
              kind: client.kind,
              role: isPrivileged(role) ? "host-admin" : "host-viewer",
              via: "host",
              parentAccountId: null,
              managedBy: parent.accountId,
            });
          }
        }
      }),
  );
  return { items: [...items.values()] };
};
