import { authorize } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { subaccountView } from "./subaccount-view.ts";

/** Sub-accounts: all of them for those who manage sub-accounts, otherwise the ones the caller was granted. */
export const listSubaccounts = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  query: { limit: number; cursor?: string },
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "account.read");
  if (access.rights.has("subaccounts.manage")) {
    const page = await deps.hierarchy.listLinks(accountId, "sub", query.limit, query.cursor);
    return {
      items: page.items.map((link) => subaccountView({ ...link, parentAccountId: accountId })),
      nextCursor: page.nextCursor,
    };
  }
  const granted = new Set(await deps.hierarchy.subaccountGrantsOf(accountId, caller.auth.userId));
  const all = granted.size > 0 ? await deps.hierarchy.allLinks(accountId, "sub") : [];
  return {
    items: all
      .filter((link) => granted.has(link.accountId))
      .map((link) => subaccountView({ ...link, parentAccountId: accountId })),
    nextCursor: null,
  };
};
