import { authorizeWith } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { invitationNotFound } from "./invitation-view.ts";

/**
 * An invitation of the account, read beside the check that the caller may manage members: its key
 * is known, so it rides in the access check's BatchGetItem. 404 when the account has no such one.
 */
export const managedInvitation = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  invitationId: string,
) => {
  const { access, target: invitation } = await authorizeWith(
    deps,
    caller.auth.userId,
    accountId,
    "members.manage",
    (reads) => reads.getInvitation(accountId, invitationId),
  );
  if (!invitation) throw invitationNotFound();
  return { access, invitation };
};
