import type { EventHandlers } from "../../../../shared/src/events/consumer.ts";
import { onProfileUpdated } from "../use-cases/account-emails/on-profile-updated.ts";
import { onUserRegistered } from "../use-cases/account-emails/on-user-registered.ts";
import { sendInvitation } from "../use-cases/account-emails/send-invitation.ts";
import { sendPartnerReport } from "../use-cases/account-emails/send-partner-report.ts";
import { sendPasswordChanged } from "../use-cases/account-emails/send-password-changed.ts";
import { sendPasswordReset } from "../use-cases/account-emails/send-password-reset.ts";
import { sendTwoFactorChanged } from "../use-cases/account-emails/send-two-factor-changed.ts";
import { sendVerification } from "../use-cases/account-emails/send-verification.ts";
import type { NotifyDependencies } from "../use-cases/notify-dependencies.ts";
/** What notify does with each event it subscribes to (see `consumers` in the event registry). */
export const notifyEventHandlers = (deps: NotifyDependencies): EventHandlers => ({
  UserRegistered: (event) => onUserRegistered(deps, event),
  EmailVerificationRequested: (event) => sendVerification(deps, event.data),
  PasswordResetRequested: (event) => sendPasswordReset(deps, event),
  PasswordChanged: (event) => sendPasswordChanged(deps, event),
  TwoFactorChanged: (event) => sendTwoFactorChanged(deps, event),
  ProfileUpdated: (event) => onProfileUpdated(deps, event),
  InvitationCreated: (event) => sendInvitation(deps, event),
  InvitationRegenerated: (event) => sendInvitation(deps, event),
  PartnerReportDue: (event) => sendPartnerReport(deps, event),
});
