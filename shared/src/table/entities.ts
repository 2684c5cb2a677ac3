import type { EntityConfiguration, Service } from "electrodb";
import { createGetTransaction, createWriteTransaction } from "electrodb/src/transaction.js";
import { onFirstUse } from "../cold-start/on-first-use.ts";
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
 * the two equal), its model is validated by a unit test rather than at every cold start, and
 * writes by a service that does not own an item are declared in `entities/cross-service-writes.ts`.
 */
export const entityDefinitions = {
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

type EntityName = keyof typeof entityDefinitions;
/** The ElectroDB entity of every item type, by name. */
export type TableEntities = { [Name in EntityName]: ReturnType<(typeof entityDefinitions)[Name]> };

/**
 * Stands in for an entity and constructs it when first used (a method called, a property read):
 * the adapters take their entities from `table.entities` when they are wired at cold start, and a
 * request uses a few of them. Methods run on the entity itself, so ElectroDB sees no difference.
 */
const constructedOnFirstUse = <E extends object>(construct: () => E): E => {
  const entity = onFirstUse(construct);
  return new Proxy({} as E, {
    get: (_, property) => {
      const value = Reflect.get(entity(), property);
      return typeof value === "function" ? value.bind(entity()) : value;
    },
    set: (_, property, value) => Reflect.set(entity(), property, value),
    has: (_, property) => Reflect.has(entity(), property),
    ownKeys: () => Reflect.ownKeys(entity()),
    getOwnPropertyDescriptor: (_, property) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(entity(), property);
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(entity()),
  });
};

/**
 * Every entity on `config`'s client and table, each constructed when first used: a request pays
 * for parsing the models it uses, not all of them.
 */
const entitiesOn = (config?: EntityConfiguration): TableEntities => {
  const entities: Partial<Record<EntityName, object>> = {};
  for (const name of Object.keys(entityDefinitions) as EntityName[]) {
    entities[name] = constructedOnFirstUse(() => entityDefinitions[name](config));
  }
  return entities as TableEntities;
};

/** Every entity bound to no client: what the key and ownership tests read. */
export const tableEntities = entitiesOn();

export { memberSearchText } from "./entities/accounts/membership.ts";

type TableTransactions = Service<TableEntities>["transaction"];
/** `createWriteTransaction` or `createGetTransaction`, loosely: the service's types come from `Service`. */
type CreateTransaction = (
  entities: TableEntities,
  fn: () => never[],
) => { params: (options?: object) => unknown; go: (options?: object) => Promise<unknown> };

/**
 * A transaction as ElectroDB's `Service` builds it, over only the entities its callback names
 * (`({ user, outboxEvent }) => [...]` or `(tx) => [tx.user...]`): the callback gets a view that
 * constructs and records each entity it reads. ElectroDB takes the first entity of the map as
 * the driver before it builds the items, so `go` builds them first.
 */
const transactionOver =
  (entities: TableEntities, create: CreateTransaction) => (fn: (entities: TableEntities) => never[]) => {
    const named: Partial<TableEntities> = {};
    const view = {} as TableEntities;
    for (const name of Object.keys(entities) as EntityName[]) {
      Object.defineProperty(view, name, {
        get: () => {
          (named as Record<EntityName, unknown>)[name] = entities[name];
          return entities[name];
        },
      });
    }
    let items: never[] | undefined;
    const transaction = create(named as TableEntities, () => (items ??= fn(view)));
    return {
      params: transaction.params,
      go: (options?: object) => {
        items ??= fn(view);
        return transaction.go(options);
      },
    };
  };

/** The table's entities and transactions bound to a DocumentClient and table name, built once per cold start. */
export const createTableService = (client: unknown, table: string) => {
  const entities = entitiesOn({ client: client as never, table });
  return {
    entities,
    transaction: {
      write: transactionOver(entities, createWriteTransaction) as unknown as TableTransactions["write"],
      get: transactionOver(entities, createGetTransaction) as unknown as TableTransactions["get"],
    },
  };
};
export type TableService = ReturnType<typeof createTableService>;
/** The entities as a write-transaction callback receives them (with `.commit()` and `.check()`). */
export type TransactionEntities = Parameters<Parameters<TableService["transaction"]["write"]>[0]>[0];
