import type { Role } from "../../domain/roles.ts";
import { authorize, governingAccount } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { memberView } from "../views.ts";

export const listMembers = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  query: { role?: Role; status?: "active" | "disabled"; q?: string; limit: number; cursor?: string },
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "members.read");
  const page = await deps.members.listMembers(accountId, query);
  const governing = await governingAccount(deps, access.account, page.items);
  return {
    items: page.items.map((m) => memberView(m, access.account, deps.config.AVATAR_PUBLIC_BASE_URL, governing)),
    nextCursor: page.nextCursor,
  };
};
