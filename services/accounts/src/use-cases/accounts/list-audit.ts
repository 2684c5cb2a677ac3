import { authorize } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";

/** The account's audit log, a page at a time. */
export const listAudit = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  query: { limit: number; cursor?: string },
) => {
  await authorize(deps, caller.auth.userId, accountId, "audit.read");
  const page = await deps.accounts.listAudit(accountId, query.limit, query.cursor);
  return {
    items: page.items.map(({ accountId: _accountId, entryId, ...entry }) => ({ entryId, ...entry })),
    nextCursor: page.nextCursor,
  };
};
