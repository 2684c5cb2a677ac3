import { hashLinkToken } from "../../../../../shared/src/crypto/link-token.ts";
import type { AccountsDependencies } from "../dependencies.ts";
import { linkGone, statusOf } from "./invitation-view.ts";

/**
 * The invitation a link stands for, if the link still works (410 otherwise, whatever the reason),
 * read with its account and, for a signed-in reader, their profile.
 */
export const usableInvitation = async (
  deps: Pick<AccountsDependencies, "invitations" | "now">,
  token: string,
  readerUserId?: string,
) => {
  const tokenHash = hashLinkToken(token);
  const opened = await deps.invitations.openLink(tokenHash, readerUserId);
  const nowSeconds = Math.floor(deps.now().getTime() / 1000);
  if (!opened) throw linkGone();
  const { invitation, account, reader } = opened;
  if (invitation.tokenHash !== tokenHash || statusOf(invitation, nowSeconds) !== "pending") throw linkGone();
  if (!account || account.status !== "active") throw linkGone();
  return { invitation, tokenHash, account, reader };
};
