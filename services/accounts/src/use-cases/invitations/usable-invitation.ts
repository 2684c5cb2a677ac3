import { hashLinkToken } from "../../../../../shared/src/crypto/link-token.ts";
import type { AccountsDependencies } from "../dependencies.ts";
import { linkGone, statusOf } from "./invitation-view.ts";

/** The invitation a link stands for, if the link still works (410 otherwise, whatever the reason). */
export const usableInvitation = async (deps: AccountsDependencies, token: string) => {
  const tokenHash = hashLinkToken(token);
  const invitation = await deps.invitations.findByToken(tokenHash);
  const nowSeconds = Math.floor(deps.now().getTime() / 1000);
  if (!invitation || invitation.tokenHash !== tokenHash || statusOf(invitation, nowSeconds) !== "pending")
    throw linkGone();
  const [account] = await deps.accounts.accountsByIds([invitation.accountId]);
  if (!account || account.status !== "active") throw linkGone();
  return { invitation, tokenHash, account };
};
