import type { Invitation } from "../../services/accounts/src/domain/invitation.ts";
import { hashLinkToken } from "../../shared/src/crypto/link-token.ts";

/** The token the pending invitation below was issued with. */
export const INVITATION_TOKEN = "t".repeat(43);

/** A pending viewer invitation to account A1, issued at `now` and valid an hour. */
export const pendingInvitation = (now: Date, changes: Partial<Invitation> = {}): Invitation => ({
  accountId: "A1",
  invitationId: "I1",
  email: "x@example.test",
  role: "viewer",
  status: "pending",
  tokenHash: hashLinkToken(INVITATION_TOKEN),
  expiresAt: Math.floor(now.getTime() / 1000) + 3600,
  invitedBy: "U0",
  version: 1,
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  ...changes,
});
