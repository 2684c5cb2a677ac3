import { SEAL_PURPOSE } from "../../../../../shared/src/crypto/secret-sealer.ts";
import type { EventDetail } from "../../../../../shared/src/events/registry.ts";
import { emailTemplates } from "../../templates/email-templates.ts";
import type { NotifyDependencies } from "../notify-dependencies.ts";
import { linkWithSealedToken } from "./sealed-link.ts";

/** The invitation email (also on regeneration): the link carries the freshly issued token. */
export const sendInvitation = async (deps: NotifyDependencies, event: EventDetail<"InvitationCreated">) => {
  const { data } = event;
  const email = emailTemplates.invitation(data.locale, {
    ...(data.fullName ? { fullName: data.fullName } : {}),
    accountName: data.accountName,
    inviterName: data.inviterName,
    role: data.role,
    resources: data.resources,
    link: await linkWithSealedToken(deps, data.invitationToken, SEAL_PURPOSE.invitation, "/invitations/accept"),
    expiresAt: data.expiresAt,
  });
  // To an address that may not be a user yet: the link is for that address.
  await deps.mailer.send({ ...email, to: data.email, category: "account", boundTo: "email" });
};
