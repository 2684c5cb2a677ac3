import { Entity, Service } from "electrodb";
import { tableDefinition } from "./definition.ts";

/**
 * Every item type of the single table, with its key templates. This is the one place the
 * key layout is written down:
 *
 * | entity        | pk                               | sk                   | byUser (gsi1)                      |
 * |---------------|----------------------------------|----------------------|------------------------------------|
 * | user          | USER#<userId>                    | PROFILE              |                                    |
 * | recipient     | USER#<userId>                    | NOTIFY#RECIPIENT     |                                    |
 * | notificationPreferences | USER#<userId>          | NOTIFY#PREFERENCES   |                                    |
 * | newsSubscriber | NOTIFY#NEWS#SUBSCRIBERS         | USER#<userId>        |                                    |
 * | broadcast     | BROADCAST#<broadcastId>          | BROADCAST            |                                    |
 * | broadcastDelivery | BROADCAST#<broadcastId>      | TO#<userId>          |                                    |
 * | identifier    | IDENTIFIER#<kind>#<value>        | IDENTIFIER           |                                    |
 * | account       | ACCOUNT#<accountId>              | ACCOUNT              |                                    |
 * | membership    | ACCOUNT#<accountId>              | MEMBER#<userId>      | USER#<userId> / MEMBER#<accountId> |
 * | linkToken     | TOKEN#<sha256(token)>            | TOKEN                |                                    |
 * | outboxEvent   | OUTBOX#<eventId>                 | EVENT                |                                    |
 * | consumedEvent | CONSUMED#<consumer>#<eventId>    | CONSUMED             |                                    |
 * | rateWindow    | RATE#<bucket>#<window>           | RATE                 |                                    |
 * | subaccountGrant | ACCOUNT#<parentId>             | SUBGRANT#<userId>#<subaccountId> |                        |
 * | resource      | ACCOUNT#<accountId>              | RESOURCE#<resourceId> |                                   |
 * | resourceAccess | ACCOUNT#<accountId>             | ACCESS#<userId>#<resourceId> |                            |
 * | auditEntry    | ACCOUNT#<accountId>              | AUDIT#<ulid>         |                                    |
 * | idempotencyRecord | IDEMPOTENCY#<scope>#<key>    | IDEMPOTENCY          |                                    |
 * | invitation    | ACCOUNT#<accountId>              | INVITATION#<ulid>    |                                    |
 * | pendingInvitee | ACCOUNT#<accountId>             | INVITEE#<email>      |                                    |
 * | accountLink   | ACCOUNT#<parentOrPartnerId>      | CHILD#<sub|managed>#<childId> |                           |
 * | externalIdClaim | ACCOUNT#<parentId>             | EXTERNALID#<externalId> |                                 |
 * | policy        | POLICIES                         | POLICY#<policyId>    |                                    |
 * | policyVersion | POLICY#<policyId>                | VERSION#<000000n>    |                                    |
 * | policyNotice  | POLICY#<policyId>                | NOTICE#<000000n>     |                                    |
 * | policyDecider | POLICY#<policyId>                | DECIDER#<userId>     |                                    |
 * | policyDecision | USER#<userId>                   | CONSENT#<policyId>   |                                    |
 * | policyDecisionLog | USER#<userId>                | CONSENTLOG#<policyId>#<ulid> |                            |
 * | privacyRequest | PRIVACY#REQUESTS                | REQUEST#<requestId>  |                                    |
 * | privacyRequestRef | USER#<userId>                | PRIVACY#REQUEST#<requestId> |                             |
 * | privacyGuard  | USER#<userId>                    | PRIVACY#GUARD#<purpose> |                                 |
 * | privacyRestriction | USER#<userId>               | PRIVACY#RESTRICTION#<scope> |                             |
 * | privacyQueueItem | PRIVACY#QUEUE                 | DUE#<dueAt>#<taskId> |                                    |
 * | notifyRestriction | USER#<userId>                | NOTIFY#RESTRICTION#<scope> |                              |
 * | telegramChat  | TELEGRAM#CHAT#<chatId>           | TELEGRAM#CHAT        |                                    |
 * | telegramUpdate | TELEGRAM#UPDATE#<updateId>      | TELEGRAM#UPDATE      |                                    |
 * | platformAuditEntry | PLATFORM#AUDIT              | AUDIT#<ulid>         |                                    |
 * | signInLockout | LOCKOUT#<hashed username>        | LOCKOUT              |                                    |
 * | phoneCode     | USER#<userId>                    | PHONE#CODE#<purpose> |                                    |
 * | totpFactor    | USER#<userId>                    | MFA#TOTP             |                                    |
 * | userSession   | USER#<userId>                    | SESSION#<ulid>       |                                    |
 * | refreshTokenRef | REFRESH#<sha256(token)>        | REFRESH              |                                    |
 * | securityActivity | USER#<userId>                 | ACTIVITY#<ulid>      |                                    |
 * | externalIdentity | USER#<userId>                 | IDENTITY#<provider>  |                                    |
 * | externalSubjectClaim | EXTERNAL#<provider>#<subject> | CLAIM            |                                    |
 * | openIdAttempt | OIDC#<sha256(state)>             | ATTEMPT              |                                    |
 * | providerSignInProof | PROOF#<sha256(proof)>      | PROOF                |                                    |
 *
 * A user's own data lives under USER#<userId>, so erasure is one query per partition; an account's
 * members live under its partition, so the access check for a direct member is one read.
 */
const { partitionKey: pk, sortKey: sk, indexes } = tableDefinition;
const primary = <const P extends readonly string[], const S extends readonly string[] = readonly []>(
  pkTemplate: string,
  pkComposite: P,
  skTemplate: string,
  skComposite: S = [] as unknown as S,
) => ({
  pk: { field: pk, composite: pkComposite, template: pkTemplate, casing: "none" as const },
  sk: { field: sk, composite: skComposite, template: skTemplate, casing: "none" as const },
});

const SERVICE = "tenantry";
const locales = ["en", "ru", "pl"] as const;

export const userEntity = new Entity({
  model: { entity: "user", version: "1", service: SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    cognitoUsername: { type: "string", required: true, readOnly: true },
    email: { type: "string" },
    login: { type: "string" },
    fullName: { type: "string", required: true },
    locale: { type: locales, required: true, default: "en" },
    timezone: { type: "string" },
    emailVerified: { type: "boolean", required: true, default: false },
    /** E.164; `phoneStatus` says whether the user proved they hold it. */
    phone: { type: "string" },
    phoneStatus: { type: ["unconfirmed", "confirmed"] as const },
    /** Set for a user created by an account admin with a login instead of an email. */
    managedByAccountId: { type: "string" },
    /** Set when the user was deleted or disabled: sign-in and refresh are refused from then on. */
    signInBlockedAt: { type: "string" },
    /** At most this many sessions at once (set by an admin who manages the identity); none = no limit. */
    maxSessions: { type: "number" },
    /** The published avatar's object key (content is immutable under it; a new avatar gets a new key). */
    avatarKey: { type: "string" },
    /** False for a user who signed up through an external provider and never set a password. */
    hasPassword: { type: "boolean" },
    /** External identities linked (kept with them in one transaction), so unlinking the last way to sign in is refused by a condition. */
    externalIdentityCount: { type: "number" },
    /** The upload handed out by `POST /v1/me/avatar`, awaiting confirmation: one at a time. */
    pendingAvatar: {
      type: "map",
      properties: {
        key: { type: "string", required: true },
        contentType: { type: "string", required: true },
        contentLength: { type: "number", required: true },
        expiresAt: { type: "string", required: true },
        /** Set by the one confirm working on the upload (a lease: taken over once `claimedAt` is stale). */
        claimId: { type: "string" },
        claimedAt: { type: "string" },
      },
    },
    /** The user's Telegram binding as notify last reported it (TelegramLinked/TelegramUnlinked). */
    telegram: {
      type: "map",
      properties: {
        username: { type: "string" },
        linkedAt: { type: "string", required: true },
      },
    },
    /** When the last Telegram event recorded here happened: an older one arriving late changes nothing. */
    telegramChangedAt: { type: "string" },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byId: primary("USER#${userId}", ["userId"], "PROFILE"),
  },
});

export const recipientEntity = new Entity({
  model: { entity: "recipient", version: "1", service: SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    email: { type: "string" },
    fullName: { type: "string", required: true },
    locale: { type: locales, required: true, default: "en" },
    updatedAt: { type: "string", required: true },
    /** The user's phone (E.164) as the users service last reported it, and since when (orders late events). */
    phone: { type: "string" },
    phoneStatus: { type: ["unconfirmed", "confirmed"] as const },
    phoneUpdatedAt: { type: "string" },
    /** The Telegram chat bound to the user (SPEC 6.6); its reverse lookup is the `telegramChat` item. */
    telegram: {
      type: "map",
      properties: {
        chatId: { type: "string", required: true },
        username: { type: "string" },
        linkedAt: { type: "string", required: true },
      },
    },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "NOTIFY#RECIPIENT"),
  },
});

/**
 * A user's own choices of channels per message category (SPEC 6.6); what they never chose follows
 * the defaults. `version` orders concurrent changes (every write is conditional on the one read).
 */
export const notificationPreferencesEntity = new Entity({
  model: { entity: "notificationPreferences", version: "1", service: SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    /** `{<category>: {email?, sms?, telegram?}}`: only what the user set. */
    choices: { type: "any", required: true },
    version: { type: "number", required: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "NOTIFY#PREFERENCES"),
  },
});

/**
 * The index of users who want news on some channel, kept in the same transaction as their
 * preferences: a broadcast pages through this partition instead of scanning the table.
 */
export const newsSubscriberEntity = new Entity({
  model: { entity: "newsSubscriber", version: "1", service: SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    since: { type: "string", required: true },
  },
  indexes: {
    all: primary("NOTIFY#NEWS#SUBSCRIBERS", [], "USER#${userId}", ["userId"]),
  },
});

/** A news broadcast by provider support and its progress. */
export const broadcastEntity = new Entity({
  model: { entity: "broadcast", version: "1", service: SERVICE },
  attributes: {
    broadcastId: { type: "string", required: true, readOnly: true },
    category: { type: ["news"] as const, required: true, readOnly: true },
    /** `{en, ru?, pl?}` each. */
    subject: { type: "any", required: true, readOnly: true },
    body: { type: "any", required: true, readOnly: true },
    createdBy: { type: "string", required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
    status: { type: ["queued", "sending", "completed"] as const, required: true },
    /** The batch the fan-out expects next: a retried batch cannot queue its successor twice. */
    nextBatch: { type: "number", required: true },
    /** Subscribers the delivery decision let through (claimed), and of them those sent. */
    recipients: { type: "number", required: true },
    sent: { type: "number", required: true },
    completedAt: { type: "string" },
  },
  indexes: {
    byId: primary("BROADCAST#${broadcastId}", ["broadcastId"], "BROADCAST"),
  },
});

/**
 * One broadcast to one user: created by a conditional write before sending, so nobody gets it
 * twice. It only has to outlive the retries of its batch, so TTL removes it after a week (and
 * with it the user id, which erasure cannot find here without a scan).
 */
export const broadcastDeliveryEntity = new Entity({
  model: { entity: "broadcastDelivery", version: "1", service: SERVICE },
  attributes: {
    broadcastId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    status: { type: ["claimed", "sent"] as const, required: true },
    channels: { type: "list", items: { type: "string" } },
    at: { type: "string", required: true },
    /** Epoch seconds (the table's TTL attribute). */
    expiresAt: { type: "number", required: true, readOnly: true },
  },
  indexes: {
    byBroadcast: primary("BROADCAST#${broadcastId}", ["broadcastId"], "TO#${userId}", ["userId"]),
  },
});

export const identifierEntity = new Entity({
  model: { entity: "identifier", version: "1", service: SERVICE },
  attributes: {
    kind: { type: ["email", "login"] as const, required: true, readOnly: true },
    value: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true },
    cognitoUsername: { type: "string", required: true },
  },
  indexes: {
    byValue: primary("IDENTIFIER#${kind}#${value}", ["kind", "value"], "IDENTIFIER"),
  },
});

export const accountEntity = new Entity({
  model: { entity: "account", version: "1", service: SERVICE },
  attributes: {
    accountId: { type: "string", required: true, readOnly: true },
    name: { type: "string", required: true },
    kind: { type: ["standard", "partner"] as const, required: true, default: "standard" },
    status: { type: ["active", "deleted"] as const, required: true, default: "active" },
    parentAccountId: { type: "string", readOnly: true },
    externalId: { type: "string" },
    managedBy: { type: "string" },
    delegationEnabled: { type: "boolean" },
    billingAccountId: { type: "string", required: true },
    ownerUserId: { type: "string" },
    adminsCanGrantAdmin: { type: "boolean", required: true, default: true },
    version: { type: "number", required: true, default: 1 },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byId: primary("ACCOUNT#${accountId}", ["accountId"], "ACCOUNT"),
  },
});

export const membershipEntity = new Entity({
  model: { entity: "membership", version: "1", service: SERVICE },
  attributes: {
    accountId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    role: { type: ["owner", "admin", "standard", "viewer", "operator"] as const, required: true },
    status: { type: ["active", "disabled"] as const, required: true, default: "active" },
    rightsOverrides: { type: "any" },
    /** Copies of the member's identity, kept current from ProfileUpdated, so lists need no second read. */
    fullName: { type: "string", required: true },
    email: { type: "string" },
    login: { type: "string" },
    /** Copy of the member's published avatar key, kept current from ProfileUpdated. */
    avatarKey: { type: "string" },
    /** Lower-cased name, email and login: what `?q=` matches. */
    searchText: { type: "string", required: true },
    addedBy: { type: "string", required: true, readOnly: true },
    /** How the person who added this member reached the account; `host` = through a managing partner. */
    addedVia: { type: ["member", "parent", "subaccount-grant", "host"] as const, readOnly: true },
    version: { type: "number", required: true, default: 1 },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byAccount: primary("ACCOUNT#${accountId}", ["accountId"], "MEMBER#${userId}", ["userId"]),
    byUser: {
      index: indexes.byUser.indexName,
      pk: { field: indexes.byUser.partitionKey, composite: ["userId"], template: "USER#${userId}", casing: "none" },
      sk: {
        field: indexes.byUser.sortKey,
        composite: ["accountId"],
        template: "MEMBER#${accountId}",
        casing: "none",
      },
    },
  },
});

export const linkTokenEntity = new Entity({
  model: { entity: "linkToken", version: "1", service: SERVICE },
  attributes: {
    tokenHash: { type: "string", required: true, readOnly: true },
    purpose: {
      type: ["email-verification", "password-reset", "invitation", "telegram-link"] as const,
      required: true,
      readOnly: true,
    },
    /** Whose link it is: a user (verification, reset) or an invitation of an account. */
    userId: { type: "string", readOnly: true },
    accountId: { type: "string", readOnly: true },
    invitationId: { type: "string", readOnly: true },
    /** Epoch seconds: TTL deletes the item some time after, the code checks it exactly. */
    expiresAt: { type: "number", required: true, readOnly: true },
    usedAt: { type: "string" },
  },
  indexes: {
    byHash: primary("TOKEN#${tokenHash}", ["tokenHash"], "TOKEN"),
  },
});

export const outboxEventEntity = new Entity({
  model: { entity: "outboxEvent", version: "1", service: SERVICE },
  attributes: {
    eventId: { type: "string", required: true, readOnly: true },
    source: { type: "string", required: true, readOnly: true },
    detailType: { type: "string", required: true, readOnly: true },
    /** The bus event's `detail`, serialised: what the stream relay publishes verbatim. */
    detail: { type: "string", required: true, readOnly: true },
    expiresAt: { type: "number", required: true, readOnly: true },
  },
  indexes: {
    byId: primary("OUTBOX#${eventId}", ["eventId"], "EVENT"),
  },
});

export const consumedEventEntity = new Entity({
  model: { entity: "consumedEvent", version: "1", service: SERVICE },
  attributes: {
    consumer: { type: "string", required: true, readOnly: true },
    eventId: { type: "string", required: true, readOnly: true },
    status: { type: ["in_progress", "done"] as const, required: true },
    /** Epoch ms until which an in-progress claim blocks other deliveries of the same event. */
    leaseUntil: { type: "number", required: true },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    byId: primary("CONSUMED#${consumer}#${eventId}", ["consumer", "eventId"], "CONSUMED"),
  },
});

export const rateWindowEntity = new Entity({
  model: { entity: "rateWindow", version: "1", service: SERVICE },
  attributes: {
    bucket: { type: "string", required: true, readOnly: true },
    window: { type: "number", required: true, readOnly: true },
    count: { type: "number", required: true, default: 0 },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    byBucket: primary("RATE#${bucket}#${window}", ["bucket", "window"], "RATE"),
  },
});

export const subaccountGrantEntity = new Entity({
  model: { entity: "subaccountGrant", version: "1", service: SERVICE },
  attributes: {
    parentAccountId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    subaccountId: { type: "string", required: true, readOnly: true },
    grantedBy: { type: "string", required: true },
    createdAt: { type: "string", required: true },
  },
  indexes: {
    byMember: primary("ACCOUNT#${parentAccountId}", ["parentAccountId"], "SUBGRANT#${userId}#${subaccountId}", [
      "userId",
      "subaccountId",
    ]),
  },
});

export const resourceEntity = new Entity({
  model: { entity: "resource", version: "1", service: SERVICE },
  attributes: {
    accountId: { type: "string", required: true, readOnly: true },
    resourceId: { type: "string", required: true, readOnly: true },
    type: { type: ["application", "pixel", "project"] as const, required: true, readOnly: true },
    name: { type: "string", required: true },
    settings: { type: "any" },
    version: { type: "number", required: true, default: 1 },
    createdBy: { type: "string", required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byAccount: primary("ACCOUNT#${accountId}", ["accountId"], "RESOURCE#${resourceId}", ["resourceId"]),
  },
});

export const resourceAccessEntity = new Entity({
  model: { entity: "resourceAccess", version: "1", service: SERVICE },
  attributes: {
    accountId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    resourceId: { type: "string", required: true, readOnly: true },
    /** `none` records an explicit removal, which matters for roles whose default is above none. */
    level: { type: ["none", "view", "use", "administer"] as const, required: true },
    grantedBy: { type: "string", required: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byMember: primary("ACCOUNT#${accountId}", ["accountId"], "ACCESS#${userId}#${resourceId}", [
      "userId",
      "resourceId",
    ]),
  },
});

export const auditEntryEntity = new Entity({
  model: { entity: "auditEntry", version: "1", service: SERVICE },
  attributes: {
    accountId: { type: "string", required: true, readOnly: true },
    /** ULID: sorts by time. */
    entryId: { type: "string", required: true, readOnly: true },
    action: { type: "string", required: true, readOnly: true },
    actorUserId: { type: "string", readOnly: true },
    actorType: { type: ["user", "system", "platform-admin"] as const, required: true, readOnly: true },
    actorVia: { type: "string", readOnly: true },
    /** The partner account a host acted from. */
    actorAccountId: { type: "string", readOnly: true },
    targetType: { type: "string", required: true, readOnly: true },
    targetId: { type: "string", required: true, readOnly: true },
    changes: { type: "any", readOnly: true },
    ip: { type: "string", readOnly: true },
    userAgent: { type: "string", readOnly: true },
    requestId: { type: "string", readOnly: true },
    at: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    byAccount: primary("ACCOUNT#${accountId}", ["accountId"], "AUDIT#${entryId}", ["entryId"]),
  },
});

export const idempotencyRecordEntity = new Entity({
  model: { entity: "idempotencyRecord", version: "1", service: SERVICE },
  attributes: {
    /** Who and where: a hash of the caller and the route, so two users' keys never collide. */
    scope: { type: "string", required: true, readOnly: true },
    key: { type: "string", required: true, readOnly: true },
    /** Unused: the request's fingerprint travels sealed inside `response`. */
    requestHash: { type: "string", readOnly: true },
    status: { type: ["in_progress", "completed"] as const, required: true },
    /** The first response and the request's fingerprint, sealed (envelope under KMS): links in it stay secret. */
    response: { type: "string" },
    leaseUntil: { type: "number", required: true },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    byKey: primary("IDEMPOTENCY#${scope}#${key}", ["scope", "key"], "IDEMPOTENCY"),
  },
});

/** A policy users decide on (privacy policy, terms, marketing consent); all in one partition: a handful exist. */
export const policyEntity = new Entity({
  model: { entity: "policy", version: "1", service: SERVICE },
  attributes: {
    policyId: { type: "string", required: true, readOnly: true },
    title: { type: "string", required: true },
    required: { type: "boolean", required: true },
    /** 0 until the first version is published. */
    currentVersion: { type: "number", required: true, default: 0 },
    summary: { type: "string" },
    url: { type: "string" },
    publishedAt: { type: "string" },
    createdBy: { type: "string", required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    all: primary("POLICIES", [], "POLICY#${policyId}", ["policyId"]),
  },
});

export const policyVersionEntity = new Entity({
  model: { entity: "policyVersion", version: "1", service: SERVICE },
  attributes: {
    policyId: { type: "string", required: true, readOnly: true },
    version: { type: "number", required: true, readOnly: true, padding: { length: 6, char: "0" } },
    summary: { type: "string", required: true, readOnly: true },
    url: { type: "string", readOnly: true },
    body: { type: "string", readOnly: true },
    publishedBy: { type: "string", required: true, readOnly: true },
    publishedAt: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    byPolicy: primary("POLICY#${policyId}", ["policyId"], "VERSION#${version}", ["version"]),
  },
});

/** The fan-out of "this policy changed" notices to everyone who decided on an earlier version. */
export const policyNoticeEntity = new Entity({
  model: { entity: "policyNotice", version: "1", service: SERVICE },
  attributes: {
    policyId: { type: "string", required: true, readOnly: true },
    version: { type: "number", required: true, readOnly: true, padding: { length: 6, char: "0" } },
    status: { type: ["pending", "done"] as const, required: true },
    /** Where the walk over the policy's deciders stopped (an ElectroDB cursor). */
    cursor: { type: "string" },
    notified: { type: "number", required: true, default: 0 },
    dueAt: { type: "string", required: true },
    leaseOwner: { type: "string" },
    leaseUntil: { type: "number" },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byPolicy: primary("POLICY#${policyId}", ["policyId"], "NOTICE#${version}", ["version"]),
  },
});

/** Who has decided on a policy: the audience of its change notices. */
export const policyDeciderEntity = new Entity({
  model: { entity: "policyDecider", version: "1", service: SERVICE },
  attributes: {
    policyId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    version: { type: "number", required: true },
    decision: { type: ["accept", "decline"] as const, required: true },
    decidedAt: { type: "string", required: true },
  },
  indexes: {
    byPolicy: primary("POLICY#${policyId}", ["policyId"], "DECIDER#${userId}", ["userId"]),
  },
});

const policyDecisionAttributes = {
  userId: { type: "string", required: true, readOnly: true },
  policyId: { type: "string", required: true, readOnly: true },
  /** ULID: orders decisions. */
  decisionId: { type: "string", required: true },
  version: { type: "number", required: true },
  decision: { type: ["accept", "decline"] as const, required: true },
  decidedAt: { type: "string", required: true },
  ip: { type: "string" },
  userAgent: { type: "string" },
} as const;

/** A user's current decision on a policy. */
export const policyDecisionEntity = new Entity({
  model: { entity: "policyDecision", version: "1", service: SERVICE },
  attributes: policyDecisionAttributes,
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "CONSENT#${policyId}", ["policyId"]),
  },
});

/** Every decision a user made, append-only. */
export const policyDecisionLogEntity = new Entity({
  model: { entity: "policyDecisionLog", version: "1", service: SERVICE },
  attributes: policyDecisionAttributes,
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "CONSENTLOG#${policyId}#${decisionId}", ["policyId", "decisionId"]),
  },
});

/**
 * A privacy request (export, erasure, restriction). It lives outside the user's partition so the
 * record of an erasure outlives the user, with the user id as the only (pseudonymous) reference.
 */
export const privacyRequestEntity = new Entity({
  model: { entity: "privacyRequest", version: "1", service: SERVICE },
  attributes: {
    requestId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    kind: { type: ["export", "erasure", "restriction"] as const, required: true, readOnly: true },
    status: {
      type: ["queued", "sent", "failed", "scheduled", "blocked", "erasing", "completed", "cancelled"] as const,
      required: true,
    },
    /** Optimistic concurrency: every transition increments it. */
    version: { type: "number", required: true, default: 1 },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
    legalDeadline: { type: "string", required: true, readOnly: true },
    /** The key of the request's queue item while it has one. */
    dueAt: { type: "string" },
    scheduledFor: { type: "string" },
    leaseOwner: { type: "string" },
    leaseUntil: { type: "number" },
    attempts: { type: "number", required: true, default: 0 },
    lastAttemptAt: { type: "string" },
    sentAt: { type: "string" },
    sesMessageId: { type: "string" },
    /** An earlier attempt may have reached SES before it crashed: the user may get the email twice. */
    possibleDuplicate: { type: "boolean" },
    failureReason: { type: "string" },
    blockedReason: { type: "string" },
    blockingAccountIds: { type: "list", items: { type: "string" } },
    awaitingServices: { type: "list", items: { type: "string" } },
    confirmedServices: { type: "set", items: "string" },
    erasureStartedAt: { type: "string" },
    completedAt: { type: "string" },
    cancelledAt: { type: "string" },
    scope: { type: ["marketing", "processing"] as const },
    action: { type: ["apply", "lift"] as const },
  },
  indexes: {
    all: primary("PRIVACY#REQUESTS", [], "REQUEST#${requestId}", ["requestId"]),
  },
});

/** A user's pointer to each of their privacy requests: their own list. */
export const privacyRequestRefEntity = new Entity({
  model: { entity: "privacyRequestRef", version: "1", service: SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    requestId: { type: "string", required: true, readOnly: true },
    kind: { type: ["export", "erasure", "restriction"] as const, required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "PRIVACY#REQUEST#${requestId}", ["requestId"]),
  },
});

/** Conditional-write guards: one export per window, one erasure in flight. */
export const privacyGuardEntity = new Entity({
  model: { entity: "privacyGuard", version: "1", service: SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    purpose: { type: ["export-window", "erasure"] as const, required: true, readOnly: true },
    requestId: { type: "string", required: true },
    /** Epoch ms the guard stops holding (export window). */
    until: { type: "number" },
    expiresAt: { type: "number" },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "PRIVACY#GUARD#${purpose}", ["purpose"]),
  },
});

export const privacyRestrictionEntity = new Entity({
  model: { entity: "privacyRestriction", version: "1", service: SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    scope: { type: ["marketing", "processing"] as const, required: true, readOnly: true },
    requestId: { type: "string", required: true },
    since: { type: "string", required: true },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "PRIVACY#RESTRICTION#${scope}", ["scope"]),
  },
});

/** The privacy job's work queue, ordered by due time; the item goes when its work is done. */
export const privacyQueueItemEntity = new Entity({
  model: { entity: "privacyQueueItem", version: "1", service: SERVICE },
  attributes: {
    dueAt: { type: "string", required: true, readOnly: true },
    taskId: { type: "string", required: true, readOnly: true },
    kind: { type: ["export", "erasure", "policy-notice"] as const, required: true, readOnly: true },
    policyId: { type: "string", readOnly: true },
    version: { type: "number", readOnly: true },
  },
  indexes: {
    byDue: primary("PRIVACY#QUEUE", [], "DUE#${dueAt}#${taskId}", ["dueAt", "taskId"]),
  },
});

/** Notify's copy of a user's restrictions: who gets no marketing. */
export const notifyRestrictionEntity = new Entity({
  model: { entity: "notifyRestriction", version: "1", service: SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    scope: { type: ["marketing", "processing"] as const, required: true, readOnly: true },
    since: { type: "string", required: true },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "NOTIFY#RESTRICTION#${scope}", ["scope"]),
  },
});

/** Which user a Telegram chat is bound to: one user per chat (the user's side is `recipient.telegram`). */
export const telegramChatEntity = new Entity({
  model: { entity: "telegramChat", version: "1", service: SERVICE },
  attributes: {
    chatId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true },
    linkedAt: { type: "string", required: true },
  },
  indexes: {
    byChat: primary("TELEGRAM#CHAT#${chatId}", ["chatId"], "TELEGRAM#CHAT"),
  },
});

/** A Telegram update already handled: Telegram redelivers an update it got no answer for. */
export const telegramUpdateEntity = new Entity({
  model: { entity: "telegramUpdate", version: "1", service: SERVICE },
  attributes: {
    updateId: { type: "number", required: true, readOnly: true },
    /** Epoch seconds: TTL removes it once Telegram has long stopped redelivering (it keeps updates 24 h). */
    expiresAt: { type: "number", required: true, readOnly: true },
  },
  indexes: {
    byUpdate: primary("TELEGRAM#UPDATE#${updateId}", ["updateId"], "TELEGRAM#UPDATE"),
  },
});

/** What platform admins (provider support) did; ids only, like the account audit. */
export const platformAuditEntryEntity = new Entity({
  model: { entity: "platformAuditEntry", version: "1", service: SERVICE },
  attributes: {
    entryId: { type: "string", required: true, readOnly: true },
    action: { type: "string", required: true, readOnly: true },
    actorUserId: { type: "string", required: true, readOnly: true },
    targetType: { type: "string", required: true, readOnly: true },
    targetId: { type: "string", required: true, readOnly: true },
    changes: { type: "any", readOnly: true },
    ip: { type: "string", readOnly: true },
    userAgent: { type: "string", readOnly: true },
    requestId: { type: "string", readOnly: true },
    at: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    all: primary("PLATFORM#AUDIT", [], "AUDIT#${entryId}", ["entryId"]),
  },
});

export const invitationEntity = new Entity({
  model: { entity: "invitation", version: "1", service: SERVICE },
  attributes: {
    accountId: { type: "string", required: true, readOnly: true },
    invitationId: { type: "string", required: true, readOnly: true },
    email: { type: "string", required: true, readOnly: true },
    /** `owner` only for the owner of a managed account a partner created. */
    role: { type: ["owner", "admin", "standard", "viewer", "operator"] as const, required: true, readOnly: true },
    fullName: { type: "string", readOnly: true },
    rightsOverrides: { type: "any", readOnly: true },
    /** `[{resourceId, level}]` granted on acceptance. */
    resources: { type: "any", readOnly: true },
    subaccountIds: { type: "list", items: { type: "string" }, readOnly: true },
    status: { type: ["pending", "accepted", "revoked"] as const, required: true },
    /** Hash of the one link that works now; regenerating replaces it. */
    tokenHash: { type: "string", required: true },
    expiresAt: { type: "number", required: true },
    invitedBy: { type: "string", required: true, readOnly: true },
    /** How the inviter reached the account; the membership made on acceptance inherits it. */
    addedVia: { type: ["member", "parent", "subaccount-grant", "host"] as const, readOnly: true },
    acceptedBy: { type: "string" },
    version: { type: "number", required: true, default: 1 },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byAccount: primary("ACCOUNT#${accountId}", ["accountId"], "INVITATION#${invitationId}", ["invitationId"]),
  },
});

/** One pending invitation per email and account: the item exists while it is pending. */
export const pendingInviteeEntity = new Entity({
  model: { entity: "pendingInvitee", version: "1", service: SERVICE },
  attributes: {
    accountId: { type: "string", required: true, readOnly: true },
    email: { type: "string", required: true, readOnly: true },
    invitationId: { type: "string", required: true },
  },
  indexes: {
    byEmail: primary("ACCOUNT#${accountId}", ["accountId"], "INVITEE#${email}", ["email"]),
  },
});

/** A parent's (sub-account) or partner's (managed account) pointer to a child account, for listing them. */
export const accountLinkEntity = new Entity({
  model: { entity: "accountLink", version: "1", service: SERVICE },
  attributes: {
    parentAccountId: { type: "string", required: true, readOnly: true },
    relation: { type: ["sub", "managed"] as const, required: true, readOnly: true },
    childAccountId: { type: "string", required: true, readOnly: true },
    /** Copy of the child's name (kept current on rename) so a list page needs one read. */
    name: { type: "string", required: true },
    externalId: { type: "string", readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    byParent: primary("ACCOUNT#${parentAccountId}", ["parentAccountId"], "CHILD#${relation}#${childAccountId}", [
      "relation",
      "childAccountId",
    ]),
  },
});

/** Holds an external id for one sub-account of a parent: its existence is the uniqueness rule. */
export const externalIdClaimEntity = new Entity({
  model: { entity: "externalIdClaim", version: "1", service: SERVICE },
  attributes: {
    parentAccountId: { type: "string", required: true, readOnly: true },
    externalId: { type: "string", required: true, readOnly: true },
    childAccountId: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    byExternalId: primary("ACCOUNT#${parentAccountId}", ["parentAccountId"], "EXTERNALID#${externalId}", [
      "externalId",
    ]),
  },
});

/** Sign-in attempts on one username since its last success, and when the next is allowed (progressive lockout). */
export const signInLockoutEntity = new Entity({
  model: { entity: "signInLockout", version: "1", service: SERVICE },
  attributes: {
    /** The username, hashed (rateLimitBucket): no personal data in the key. */
    subject: { type: "string", required: true, readOnly: true },
    attempts: { type: "number", required: true },
    /** Epoch milliseconds before which the next attempt is refused. */
    nextAttemptAt: { type: "number", required: true },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    bySubject: primary("LOCKOUT#${subject}", ["subject"], "LOCKOUT"),
  },
});

/**
 * The one pending SMS code of a user for a purpose (confirm a new phone, or remove a confirmed one
 * via the old number). Only a salted hash of the code is kept; a new code replaces the old one.
 */
export const phoneCodeEntity = new Entity({
  model: { entity: "phoneCode", version: "1", service: SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    purpose: { type: ["verify", "change"] as const, required: true, readOnly: true },
    /** The number the code was sent to: it confirms (or removes) only while the profile still has it. */
    number: { type: "string", required: true },
    codeHash: { type: "string", required: true },
    codeSalt: { type: "string", required: true },
    /** Epoch ms of sending: the next code may be sent `resend` seconds later. */
    issuedAt: { type: "number", required: true },
    /** Epoch ms after which the code no longer works. */
    validUntil: { type: "number", required: true },
    /** Wrong guesses so far; the code is void at the limit. */
    attempts: { type: "number", required: true, default: 0 },
    /** Epoch seconds: TTL removes the item some time after; the code checks `validUntil` exactly. */
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "PHONE#CODE#${purpose}", ["purpose"]),
  },
});

/**
 * A user's TOTP authenticator (SPEC 6.1). The secret is sealed with KMS: the service needs it to
 * verify step-up codes itself. `lastUsedStep` is the replay guard: a code is accepted only for a
 * later time step, by a conditional write.
 */
export const totpFactorEntity = new Entity({
  model: { entity: "totpFactor", version: "1", service: SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    sealedSecret: { type: "string", required: true },
    status: { type: ["pending", "enabled"] as const, required: true },
    lastUsedStep: { type: "number" },
    enabledAt: { type: "string" },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "MFA#TOTP"),
  },
});

/** One sign-in (SPEC 6.1 sessions). ULID ids sort oldest first: the one ended beyond the limit. */
export const userSessionEntity = new Entity({
  model: { entity: "userSession", version: "1", service: SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    sessionId: { type: "string", required: true, readOnly: true },
    /** Cognito's `origin_jti`: every access token of this sign-in (and its refreshes) carries it. */
    originJti: { type: "string", required: true, readOnly: true },
    /** The refresh token, sealed with KMS: ending the session revokes it at Cognito. */
    sealedRefreshToken: { type: "string", required: true, readOnly: true },
    refreshTokenHash: { type: "string", required: true, readOnly: true },
    ip: { type: "string", required: true, readOnly: true },
    userAgent: { type: "string", required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
    lastUsedAt: { type: "string", required: true },
    /** Epoch seconds: when the refresh token expires, the session is over anyway. */
    expiresAt: { type: "number", required: true, readOnly: true },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "SESSION#${sessionId}", ["sessionId"]),
  },
});

/** Finds a session by its refresh token's hash (refresh and logout carry only the token). */
export const refreshTokenRefEntity = new Entity({
  model: { entity: "refreshTokenRef", version: "1", service: SERVICE },
  attributes: {
    tokenHash: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    sessionId: { type: "string", required: true, readOnly: true },
    expiresAt: { type: "number", required: true, readOnly: true },
  },
  indexes: {
    byHash: primary("REFRESH#${tokenHash}", ["tokenHash"], "REFRESH"),
  },
});

/** A security event of a user (`GET /v1/me/activity`), append-only; ULID ids sort by time. */
export const securityActivityEntity = new Entity({
  model: { entity: "securityActivity", version: "1", service: SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    activityId: { type: "string", required: true, readOnly: true },
    type: { type: "string", required: true, readOnly: true },
    at: { type: "string", required: true, readOnly: true },
    ip: { type: "string", required: true, readOnly: true },
    userAgent: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "ACTIVITY#${activityId}", ["activityId"]),
  },
});

/** An external sign-in identity (OpenID Connect provider + subject) linked to a user, one per provider. */
export const externalIdentityEntity = new Entity({
  model: { entity: "externalIdentity", version: "1", service: SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    provider: { type: "string", required: true, readOnly: true },
    subject: { type: "string", required: true, readOnly: true },
    email: { type: "string", readOnly: true },
    linkedAt: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "IDENTITY#${provider}", ["provider"]),
  },
});

/** Who a provider's subject belongs to: written with a condition, so a subject is linked to one user only. */
export const externalSubjectClaimEntity = new Entity({
  model: { entity: "externalSubjectClaim", version: "1", service: SERVICE },
  attributes: {
    provider: { type: "string", required: true, readOnly: true },
    subject: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    bySubject: primary("EXTERNAL#${provider}#${subject}", ["provider", "subject"], "CLAIM"),
  },
});

/** A started OpenID Connect authorization, found by its `state`'s hash and consumed once by the callback. */
export const openIdAttemptEntity = new Entity({
  model: { entity: "openIdAttempt", version: "1", service: SERVICE },
  attributes: {
    stateHash: { type: "string", required: true, readOnly: true },
    provider: { type: "string", required: true, readOnly: true },
    purpose: { type: ["sign-in", "link"] as const, required: true, readOnly: true },
    /** The signed-in user a link attempt belongs to. */
    userId: { type: "string", readOnly: true },
    /** The PKCE verifier and the nonce, sealed with KMS. */
    sealedSecrets: { type: "string", required: true, readOnly: true },
    expiresAt: { type: "number", required: true, readOnly: true },
  },
  indexes: {
    byState: primary("OIDC#${stateHash}", ["stateHash"], "ATTEMPT"),
  },
});

/** What the Cognito custom-auth challenge is answered with after a provider vouched for the user: single use. */
export const providerSignInProofEntity = new Entity({
  model: { entity: "providerSignInProof", version: "1", service: SERVICE },
  attributes: {
    proofHash: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    expiresAt: { type: "number", required: true, readOnly: true },
  },
  indexes: {
    byHash: primary("PROOF#${proofHash}", ["proofHash"], "PROOF"),
  },
});

export const tableEntities = {
  user: userEntity,
  recipient: recipientEntity,
  notificationPreferences: notificationPreferencesEntity,
  newsSubscriber: newsSubscriberEntity,
  broadcast: broadcastEntity,
  broadcastDelivery: broadcastDeliveryEntity,
  identifier: identifierEntity,
  account: accountEntity,
  membership: membershipEntity,
  linkToken: linkTokenEntity,
  outboxEvent: outboxEventEntity,
  consumedEvent: consumedEventEntity,
  rateWindow: rateWindowEntity,
  subaccountGrant: subaccountGrantEntity,
  resource: resourceEntity,
  resourceAccess: resourceAccessEntity,
  auditEntry: auditEntryEntity,
  idempotencyRecord: idempotencyRecordEntity,
  invitation: invitationEntity,
  pendingInvitee: pendingInviteeEntity,
  accountLink: accountLinkEntity,
  externalIdClaim: externalIdClaimEntity,
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
  notifyRestriction: notifyRestrictionEntity,
  telegramChat: telegramChatEntity,
  telegramUpdate: telegramUpdateEntity,
  platformAuditEntry: platformAuditEntryEntity,
  signInLockout: signInLockoutEntity,
  phoneCode: phoneCodeEntity,
  totpFactor: totpFactorEntity,
  userSession: userSessionEntity,
  refreshTokenRef: refreshTokenRefEntity,
  securityActivity: securityActivityEntity,
  externalIdentity: externalIdentityEntity,
  externalSubjectClaim: externalSubjectClaimEntity,
  openIdAttempt: openIdAttemptEntity,
  providerSignInProof: providerSignInProofEntity,
};

export type TableEntities = typeof tableEntities;
export type UserItem = ReturnType<typeof userEntity.parse>["data"] & {};
export type Role = "owner" | "admin" | "standard" | "viewer" | "operator";

/** What `?q=` on the member list matches: name, email and login, lower-cased. */
export const memberSearchText = (identity: { fullName: string; email?: string; login?: string }) =>
  [identity.fullName, identity.email, identity.login].filter(Boolean).join(" ").toLowerCase();

/** The ElectroDB service bound to a DocumentClient and table name, built once per cold start. */
export const createTableService = (client: unknown, table: string) =>
  new Service(tableEntities, { client: client as never, table });
export type TableService = ReturnType<typeof createTableService>;
/** The entities as a write-transaction callback receives them (with `.commit()` and `.check()`). */
export type TransactionEntities = Parameters<Parameters<TableService["transaction"]["write"]>[0]>[0];
