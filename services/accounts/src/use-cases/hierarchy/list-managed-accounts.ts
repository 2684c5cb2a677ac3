import { problem } from "../../../../../shared/src/http/problem.ts";
import { authorize } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";

/** A partner's client accounts that still exist, with whether delegation is on and an owner has joined. */
export const listManagedAccounts = async (
  deps: AccountsDependencies,
  caller: Caller,
  partnerId: string,
  query: { limit: number; cursor?: string },
) => {
  const access = await authorize(deps, caller.auth.userId, partnerId, "account.read");
  if (access.account.kind !== "partner") throw problem.unprocessable("not_partner", "This account is not a partner.");
  const page = await deps.hierarchy.listLinks(partnerId, "managed", query.limit, query.cursor);
  const accounts = new Map(
    (await deps.accounts.accountsByIds(page.items.map((l) => l.accountId))).map((a) => [a.accountId, a]),
  );
  return {
    items: page.items.flatMap((link) => {
      const account = accounts.get(link.accountId);
      if (!account || account.status !== "active") return [];
      return [
        {
          accountId: link.accountId,
          name: link.name,
          delegation: { enabled: Boolean(account.delegationEnabled) },
          hasOwner: Boolean(account.ownerUserId),
        },
      ];
    }),
    nextCursor: page.nextCursor,
  };
};
