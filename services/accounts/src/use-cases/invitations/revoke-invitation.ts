import { problem } from "../../../../../shared/src/http/problem.ts";
import { InvitationConflict } from "../../domain/invitation.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { recordedChange } from "../recorded-change.ts";
import { managedInvitation } from "./managed-invitation.ts";

/** Withdraws a pending invitation: its link stops working and the address may be invited again. */
export const revokeInvitation = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  invitationId: string,
) => {
  // The revoke's condition (still pending) guards the write.
  const { access, invitation } = await managedInvitation(deps, caller, accountId, invitationId);
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
