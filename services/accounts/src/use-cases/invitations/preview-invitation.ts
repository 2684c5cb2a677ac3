import type { AccountsDependencies } from "../dependencies.ts";
import { usableInvitation } from "./usable-invitation.ts";

/** Public preview of an invitation link: what the person is being invited to (three round trips). */
export const previewInvitation = async (deps: AccountsDependencies, token: string) => {
  const { invitation, account } = await usableInvitation(deps, token);
  const { inviter, inviteeUserId } = await deps.invitations.peopleOf(invitation);
  return {
    accountName: account.name,
    inviterName: inviter?.fullName ?? null,
    role: invitation.role,
    email: invitation.email,
    userExists: Boolean(inviteeUserId),
    status: "pending" as const,
    expiresAt: new Date(invitation.expiresAt * 1000).toISOString(),
  };
};
