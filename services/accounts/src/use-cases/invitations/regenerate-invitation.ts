import { problem } from "../../../../../shared/src/http/problem.ts";
import { InvitationConflict } from "../../domain/invitation.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { recordedChange } from "../recorded-change.ts";
import { invitedApplications } from "../resources/invited-applications.ts";
import { invitationMessage, issueInvitationLink } from "./invitation-message.ts";
import { invitationView } from "./invitation-view.ts";
import { managedInvitation } from "./managed-invitation.ts";

/** A new link for a pending invitation (also one that expired): the previous link stops working and the email goes again. */
export const regenerateInvitation = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  invitationId: string,
) => {
  const { access, invitation } = await managedInvitation(deps, caller, accountId, invitationId);
  if (invitation.status !== "pending") {
    throw problem.conflict("invitation_not_pending", `This invitation was ${invitation.status}; create a new one.`);
  }
  const now = deps.now();
  const link = issueInvitationLink(deps, now);
  const [{ inviter, invitee }, applications] = await Promise.all([
    deps.invitations.peopleOf(invitation).then(async ({ inviter, inviteeUserId }) => ({
      inviter,
      invitee: inviteeUserId ? await deps.identities.getProfile(inviteeUserId) : undefined,
    })),
    invitedApplications(deps, accountId, invitation.role, invitation.resources ?? []),
  ]);
  const message = await invitationMessage(deps, {
    invitation,
    accountName: access.account.name,
    inviter,
    invitee,
    applications,
    link,
  });
  try {
    await deps.invitations.regenerate({
      invitation,
      tokenHash: link.tokenHash,
      expiresAt: link.expiresAtSeconds,
      now,
      ...recordedChange({
        caller,
        access,
        accountId,
        action: "invitation.regenerated",
        target: { type: "invitation", id: invitationId },
        now,
        events: [{ type: "InvitationRegenerated", data: message }],
      }),
    });
  } catch (error) {
    if (error instanceof InvitationConflict)
      throw problem.conflict("invitation_not_pending", "This invitation changed meanwhile.");
    throw error;
  }
  const regenerated = { ...invitation, expiresAt: link.expiresAtSeconds };
  return { ...invitationView(regenerated, Math.floor(now.getTime() / 1000)), link: link.url };
};
