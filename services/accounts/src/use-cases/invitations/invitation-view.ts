import { problem } from "../../../../../shared/src/http/problem.ts";
import type { Invitation } from "../../domain/invitation.ts";

/** A link that no longer works, whatever the reason: expired, used or revoked all read the same to its holder. */
export const linkGone = () =>
  problem.gone(
    "invitation_unusable",
    "This invitation link has expired, was already used or was revoked; ask for a new one.",
  );

export const invitationNotFound = () => problem.notFound("No such invitation in this account.");

/** A pending invitation past its expiry reads as expired; the stored status never says so. */
export const statusOf = (invitation: Invitation, nowSeconds: number) =>
  invitation.status === "pending" && invitation.expiresAt <= nowSeconds ? "expired" : invitation.status;

export const invitationView = (invitation: Invitation, nowSeconds: number) => ({
  invitationId: invitation.invitationId,
  email: invitation.email,
  role: invitation.role,
  fullName: invitation.fullName ?? null,
  status: statusOf(invitation, nowSeconds),
  expiresAt: new Date(invitation.expiresAt * 1000).toISOString(),
  invitedBy: invitation.invitedBy,
  acceptedBy: invitation.acceptedBy ?? null,
  createdAt: invitation.createdAt,
});
