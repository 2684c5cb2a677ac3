import { SEAL_PURPOSE, type SecretSealer } from "../../../../shared/src/crypto/secret-sealer.ts";
import type { EventDetail } from "../../../../shared/src/events/registry.ts";
import type { RecipientStore } from "../ports/recipient-store.ts";
import { emailTemplates } from "../templates/email-templates.ts";
import { securityEmailTemplates } from "../templates/security-email-templates.ts";
import type { Messenger } from "./policed-mailer.ts";

export interface NotifyDependencies {
  /** Every message goes through it: the delivery decision picks its channels. */
  mailer: Messenger;
  sealer: SecretSealer;
  recipients: RecipientStore;
  appBaseUrl: string;
  now: () => Date;
}

const linkTo = (deps: NotifyDependencies, path: string, token: string) => {
  const url = new URL(path, deps.appBaseUrl);
  url.searchParams.set("token", token);
  return url.toString();
};

/** A new user: remember how to reach them, then send the verification link. */
export const onUserRegistered = async (deps: NotifyDependencies, event: EventDetail<"UserRegistered">) => {
  const { data } = event;
  await deps.recipients.save(
    { userId: data.userId, email: data.email, fullName: data.fullName, locale: data.locale },
    deps.now(),
  );
  await sendVerification(deps, data);
};

export const sendVerification = async (
  deps: NotifyDependencies,
  data: EventDetail<"EmailVerificationRequested">["data"],
) => {
  const token = await deps.sealer.open(data.verificationToken, SEAL_PURPOSE.emailVerification);
  const email = emailTemplates.emailVerification(data.locale, {
    fullName: data.fullName,
    link: linkTo(deps, "/verify-email", token),
    expiresAt: data.verificationExpiresAt,
  });
  await deps.mailer.send({
    ...email,
    to: data.email,
    recipientUserId: data.userId,
    category: "security",
    boundTo: "email",
  });
};

export const sendPasswordReset = async (deps: NotifyDependencies, event: EventDetail<"PasswordResetRequested">) => {
  const { data } = event;
  const token = await deps.sealer.open(data.resetToken, SEAL_PURPOSE.passwordReset);
  const email = emailTemplates.passwordReset(data.locale, {
    fullName: data.fullName,
    link: linkTo(deps, "/reset-password", token),
    expiresAt: data.resetExpiresAt,
  });
  await deps.mailer.send({
    ...email,
    to: data.email,
    recipientUserId: data.userId,
    category: "security",
    boundTo: "email",
  });
};

export const sendPasswordChanged = async (deps: NotifyDependencies, event: EventDetail<"PasswordChanged">) => {
  const { data } = event;
  const email = emailTemplates.passwordChanged(data.locale, { fullName: data.fullName, at: event.occurredAt });
  await deps.mailer.send({ ...email, to: data.email, recipientUserId: data.userId, category: "security" });
};

export const sendTwoFactorChanged = async (deps: NotifyDependencies, event: EventDetail<"TwoFactorChanged">) => {
  const { data } = event;
  const email = securityEmailTemplates.twoFactorChanged(data.locale, {
    fullName: data.fullName,
    at: event.occurredAt,
    enabled: data.enabled,
  });
  await deps.mailer.send({ ...email, to: data.email, recipientUserId: data.userId, category: "security" });
};

export const onProfileUpdated = async (deps: NotifyDependencies, event: EventDetail<"ProfileUpdated">) => {
  const { userId, fullName, locale } = event.data;
  await deps.recipients.update(userId, { fullName, locale }, deps.now());
};

/** The invitation email (also on regeneration): the link carries the freshly issued token. */
export const sendInvitation = async (deps: NotifyDependencies, event: EventDetail<"InvitationCreated">) => {
  const { data } = event;
  const token = await deps.sealer.open(data.invitationToken, SEAL_PURPOSE.invitation);
  const email = emailTemplates.invitation(data.locale, {
    ...(data.fullName ? { fullName: data.fullName } : {}),
    accountName: data.accountName,
    inviterName: data.inviterName,
    role: data.role,
    resources: data.resources,
    link: linkTo(deps, "/invitations/accept", token),
    expiresAt: data.expiresAt,
  });
  // To an address that may not be a user yet: the link is for that address.
  await deps.mailer.send({ ...email, to: data.email, category: "account", boundTo: "email" });
};

/**
 * A partner report to each recipient, in their locale when notify knows it; the delivery policy
 * leaves out recipients who restricted processing.
 */
export const sendPartnerReport = async (deps: NotifyDependencies, event: EventDetail<"PartnerReportDue">) => {
  const { data } = event;
  for (const recipient of data.recipients) {
    const known = await deps.recipients.get(recipient.userId);
    const email = emailTemplates.partnerReport(known?.locale ?? "en", {
      fullName: recipient.fullName,
      partnerName: data.partnerName,
      managedAccountName: data.managedAccountName,
      report: data.report,
    });
    await deps.mailer.send({
      ...email,
      to: recipient.email,
      recipientUserId: recipient.userId,
      category: "partner_reports",
    });
  }
};
