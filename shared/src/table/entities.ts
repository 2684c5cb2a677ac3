import { Service } from "electrodb";
import { accountEntity } from "./entities/accounts/account.ts";
import { accountLinkEntity } from "./entities/accounts/account-link.ts";
import { auditEntryEntity } from "./entities/accounts/audit-entry.ts";
import { externalIdClaimEntity } from "./entities/accounts/external-id-claim.ts";
import { invitationEntity } from "./entities/accounts/invitation.ts";
import { membershipEntity } from "./entities/accounts/membership.ts";
import { pendingInviteeEntity } from "./entities/accounts/pending-invitee.ts";
import { resourceEntity } from "./entities/accounts/resource.ts";
import { resourceAccessEntity } from "./entities/accounts/resource-access.ts";
import { subaccountGrantEntity } from "./entities/accounts/subaccount-grant.ts";
import { broadcastEntity } from "./entities/notify/broadcast.ts";
import { broadcastDeliveryEntity } from "./entities/notify/broadcast-delivery.ts";
import { newsSubscriberEntity } from "./entities/notify/news-subscriber.ts";
import { notificationPreferencesEntity } from "./entities/notify/notification-preferences.ts";
import { notifyRestrictionEntity } from "./entities/notify/notify-restriction.ts";
import { recipientEntity } from "./entities/notify/recipient.ts";
import { telegramChatEntity } from "./entities/notify/telegram-chat.ts";
import { telegramUpdateEntity } from "./entities/notify/telegram-update.ts";
import { consumedEventEntity } from "./entities/platform/consumed-event.ts";
import { idempotencyRecordEntity } from "./entities/platform/idempotency-record.ts";
import { linkTokenEntity } from "./entities/platform/link-token.ts";
import { outboxEventEntity } from "./entities/platform/outbox-event.ts";
import { platformAuditEntryEntity } from "./entities/platform/platform-audit-entry.ts";
import { rateWindowEntity } from "./entities/platform/rate-window.ts";
import { signInLockoutEntity } from "./entities/platform/sign-in-lockout.ts";
import { policyEntity } from "./entities/privacy/policy.ts";
import { policyDeciderEntity } from "./entities/privacy/policy-decider.ts";
import { policyDecisionEntity } from "./entities/privacy/policy-decision.ts";
import { policyDecisionLogEntity } from "./entities/privacy/policy-decision-log.ts";
import { policyNoticeEntity } from "./entities/privacy/policy-notice.ts";
import { policyVersionEntity } from "./entities/privacy/policy-version.ts";
import { privacyGuardEntity } from "./entities/privacy/privacy-guard.ts";
import { privacyQueueItemEntity } from "./entities/privacy/privacy-queue-item.ts";
import { privacyRequestEntity } from "./entities/privacy/privacy-request.ts";
import { privacyRequestRefEntity } from "./entities/privacy/privacy-request-ref.ts";
import { privacyRestrictionEntity } from "./entities/privacy/privacy-restriction.ts";
import { externalIdentityEntity } from "./entities/users/external-identity.ts";
import { externalSubjectClaimEntity } from "./entities/users/external-subject-claim.ts";
import { identifierEntity } from "./entities/users/identifier.ts";
import { openIdAttemptEntity } from "./entities/users/open-id-attempt.ts";
import { phoneCodeEntity } from "./entities/users/phone-code.ts";
import { providerSignInProofEntity } from "./entities/users/provider-sign-in-proof.ts";
import { refreshTokenRefEntity } from "./entities/users/refresh-token-ref.ts";
import { securityActivityEntity } from "./entities/users/security-activity.ts";
import { totpFactorEntity } from "./entities/users/totp-factor.ts";
import { userEntity } from "./entities/users/user.ts";
import { userSessionEntity } from "./entities/users/user-session.ts";

/**
 * Every item type of the single table, by the service that owns it. Each definition lives in
 * `entities/<owner>/<entity>.ts`; its key templates are listed in `KEYS.md` (a unit test keeps
 * the two equal) and writes by a service that does not own an item are declared in
 * `entities/cross-service-writes.ts`.
 */
export const tableEntities = {
  // platform
  outboxEvent: outboxEventEntity,
  consumedEvent: consumedEventEntity,
  idempotencyRecord: idempotencyRecordEntity,
  rateWindow: rateWindowEntity,
  signInLockout: signInLockoutEntity,
  linkToken: linkTokenEntity,
  platformAuditEntry: platformAuditEntryEntity,
  // users
  user: userEntity,
  identifier: identifierEntity,
  phoneCode: phoneCodeEntity,
  totpFactor: totpFactorEntity,
  userSession: userSessionEntity,
  refreshTokenRef: refreshTokenRefEntity,
  securityActivity: securityActivityEntity,
  externalIdentity: externalIdentityEntity,
  externalSubjectClaim: externalSubjectClaimEntity,
  openIdAttempt: openIdAttemptEntity,
  providerSignInProof: providerSignInProofEntity,
  // accounts
  account: accountEntity,
  membership: membershipEntity,
  subaccountGrant: subaccountGrantEntity,
  resource: resourceEntity,
  resourceAccess: resourceAccessEntity,
  auditEntry: auditEntryEntity,
  invitation: invitationEntity,
  pendingInvitee: pendingInviteeEntity,
  accountLink: accountLinkEntity,
  externalIdClaim: externalIdClaimEntity,
  // privacy
  policy: policyEntity,
  policyVersion: policyVersionEntity,
  policyNotice: policyNoticeEntity,
  policyDecider: policyDeciderEntity,
  policyDecision: policyDecisionEntity,
  policyDecisionLog: policyDecisionLogEntity,
  privacyRequest: privacyRequestEntity,
  privacyRequestRef: privacyRequestRefEntity,
  privacyGuard: privacyGuardEntity,
  privacyRestriction: privacyRestrictionEntity,
  privacyQueueItem: privacyQueueItemEntity,
  // notify
  recipient: recipientEntity,
  notificationPreferences: notificationPreferencesEntity,
  newsSubscriber: newsSubscriberEntity,
  broadcast: broadcastEntity,
  broadcastDelivery: broadcastDeliveryEntity,
  notifyRestriction: notifyRestrictionEntity,
  telegramChat: telegramChatEntity,
  telegramUpdate: telegramUpdateEntity,
};

export { memberSearchText } from "./entities/accounts/membership.ts";

/** The ElectroDB service bound to a DocumentClient and table name, built once per cold start. */
export const createTableService = (client: unknown, table: string) =>
  new Service(tableEntities, { client: client as never, table });
export type TableService = ReturnType<typeof createTableService>;
/** The entities as a write-transaction callback receives them (with `.commit()` and `.check()`). */
export type TransactionEntities = Parameters<Parameters<TableService["transaction"]["write"]>[0]>[0];
