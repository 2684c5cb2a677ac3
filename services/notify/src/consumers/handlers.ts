import type { EventHandlers } from "../../../../shared/src/events/consumer.ts";
import {
  type NotifyDependencies,
  onProfileUpdated,
  onUserRegistered,
  sendInvitation,
  sendPartnerReport,
  sendPasswordChanged,
  sendPasswordReset,
  sendTwoFactorChanged,
  sendVerification,
} from "../use-cases/account-emails.ts";

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
