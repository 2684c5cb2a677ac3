import { authorize } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { invitationView } from "./invitation-view.ts";

/** An account's invitations, newest first; `expired` is a pending one past its expiry. */
export const listInvitations = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  query: { limit: number; cursor?: string; status?: "pending" | "accepted" | "revoked" | "expired" },
) => {
  await authorize(deps, caller.auth.userId, accountId, "members.manage");
  const nowSeconds = Math.floor(deps.now().getTime() / 1000);
  const page = await deps.invitations.list(accountId, { ...query, nowSeconds });
  return { items: page.items.map((i) => invitationView(i, nowSeconds)), nextCursor: page.nextCursor };
};
