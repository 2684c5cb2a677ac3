import { hashLinkToken } from "../../../../../shared/src/crypto/link-token.ts";
import type { AccountsDependencies } from "../dependencies.ts";
import { linkGone, statusOf } from "./invitation-view.ts";

/**
 * The invitation a link stands for, if the link still works (410 otherwise, whatever the reason),
 * read with its account, its people and, for a signed-in reader, their profile.
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
  const { invitation, account, reader, people } = opened;
  if (invitation.tokenHash !== tokenHash || statusOf(invitation, nowSeconds) !== "pending") throw linkGone();
  if (!account || account.status !== "active") throw linkGone();
  return { invitation, tokenHash, account, reader, people };
};

/** The inviter and the invited address's owner: read with the link, else (a link issued before it named them) now. */
export const peopleOfUsable = async (
  deps: Pick<AccountsDependencies, "invitations">,
  usable: Pick<Awaited<ReturnType<typeof usableInvitation>>, "invitation" | "people">,
) => usable.people ?? (await deps.invitations.peopleOf(usable.invitation));
