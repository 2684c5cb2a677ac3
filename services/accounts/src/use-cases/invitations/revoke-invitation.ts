import { problem } from "../../../../../shared/src/http/problem.ts";
import { InvitationConflict } from "../../domain/invitation.ts";
import { authorizeWith } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { recordedChange } from "../recorded-change.ts";
import { invitationNotFound } from "./invitation-view.ts";

/** Withdraws a pending invitation: its link stops working and the address may be invited again. */
export const revokeInvitation = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  invitationId: string,
) => {
  // The invitation rides in the access check's BatchGetItem; the revoke's condition (still pending) guards the write.
  const { access, target: invitation } = await authorizeWith(
    deps,
    caller.auth.userId,
    accountId,
    "members.manage",
    (reads) => reads.getInvitation(accountId, invitationId),
  );
  if (!invitation) throw invitationNotFound();
  const now = deps.now();
  try {
    await deps.invitations.revoke({
      invitation,
      now,
      ...recordedChange({
        caller,
        access,
        accountId,
        action: "invitation.revoked",
        target: { type: "invitation", id: invitationId },
        now,
        events: [{ type: "InvitationRevoked", data: { accountId, invitationId } }],
      }),
    });
  } catch (error) {
    if (error instanceof InvitationConflict) {
      throw problem.conflict("invitation_not_pending", `This invitation was already ${invitation.status}.`);
    }
    throw error;
  }
};
