import { issueLink } from "../../../../../shared/src/crypto/link-token.ts";
import { SEAL_PURPOSE } from "../../../../../shared/src/crypto/secret-sealer.ts";
import type { EventData } from "../../../../../shared/src/events/registry.ts";
import type { Locale } from "../../../../../shared/src/http/schemas.ts";
import type { ResourceLevel } from "../../domain/access.ts";
import type { Invitation } from "../../domain/invitation.ts";
import type { AccountsDependencies } from "../dependencies.ts";

type Profile = { fullName?: string; locale?: Locale } | undefined;

/** A fresh invitation link: the secret for the email, its hash for the table, the accept page's URL. */
export const issueInvitationLink = (deps: Pick<AccountsDependencies, "config">, now: Date) => {
  const link = issueLink({
    now,
    ttlMs: deps.config.INVITATION_TTL_DAYS * 86_400_000,
    page: { base: deps.config.APP_BASE_URL, path: "/invitations/accept" },
  });
  return { ...link, url: link.url as string };
};

export type InvitationLink = ReturnType<typeof issueInvitationLink>;

/**
 * What notify needs to email an invitation link (InvitationCreated and InvitationRegenerated carry
 * the same data): who invites whom to which account, what they will be able to use, the sealed
 * link and its expiry, in the invitee's language if they already have one, else the inviter's.
 * The inviter's name falls back to the inviting account's (a partner creating a client account),
 * else to "A colleague".
 */
export const invitationMessage = async (
  deps: Pick<AccountsDependencies, "sealer">,
  input: {
    invitation: Pick<Invitation, "accountId" | "invitationId" | "email" | "fullName" | "role">;
    accountName: string;
    inviter: Profile;
    invitee: Profile;
    invitingAccountName?: string;
    applications: Array<{ name: string; type: string; level: ResourceLevel }>;
    link: Pick<InvitationLink, "token" | "expiresAt">;
  },
): Promise<EventData<"InvitationCreated">> => {
  const { invitation, inviter, invitee } = input;
  return {
    accountId: invitation.accountId,
    invitationId: invitation.invitationId,
    email: invitation.email,
    ...(invitation.fullName ? { fullName: invitation.fullName } : {}),
    role: invitation.role,
    accountName: input.accountName,
    inviterName: inviter?.fullName ?? input.invitingAccountName ?? "A colleague",
    locale: invitee?.locale ?? inviter?.locale ?? "en",
    resources: input.applications,
    invitationToken: await deps.sealer.seal(input.link.token, SEAL_PURPOSE.invitation),
    expiresAt: input.link.expiresAt.toISOString(),
  };
};
