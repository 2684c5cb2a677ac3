import type { AccountsDependencies } from "../dependencies.ts";
import { peopleOfUsable, usableInvitation } from "./usable-invitation.ts";

/**
 * Public preview of an invitation link: what the person is being invited to. Two round trips past
 * the route's rate window: the link, then the invitation, its account and its people in one batch.
 */
export const previewInvitation = async (deps: AccountsDependencies, token: string) => {
  const usable = await usableInvitation(deps, token);
  const { invitation, account } = usable;
  const { inviter, inviteeUserId } = await peopleOfUsable(deps, usable);
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
