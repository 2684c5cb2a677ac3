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
 * | identifier    | IDENTIFIER#<kind>#<value>        | IDENTIFIER           |                                    |
 * | account       | ACCOUNT#<accountId>              | ACCOUNT              |                                    |
 * | membership    | ACCOUNT#<accountId>              | MEMBER#<userId>      | USER#<userId> / MEMBER#<accountId> |
 * | linkToken     | TOKEN#<sha256(token)>            | TOKEN                |                                    |
 * | outboxEvent   | OUTBOX#<eventId>                 | EVENT                |                                    |
 * | consumedEvent | CONSUMED#<consumer>#<eventId>    | CONSUMED             |                                    |
 * | rateWindow    | RATE#<bucket>#<window>           | RATE                 |                                    |
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
    /** Set for a user created by an account admin with a login instead of an email. */
    managedByAccountId: { type: "string" },
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
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "NOTIFY#RECIPIENT"),
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
    addedBy: { type: "string", required: true, readOnly: true },
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
    purpose: { type: ["email-verification", "password-reset"] as const, required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
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

export const tableEntities = {
  user: userEntity,
  recipient: recipientEntity,
  identifier: identifierEntity,
  account: accountEntity,
  membership: membershipEntity,
  linkToken: linkTokenEntity,
  outboxEvent: outboxEventEntity,
  consumedEvent: consumedEventEntity,
  rateWindow: rateWindowEntity,
};

export type TableEntities = typeof tableEntities;
export type UserItem = ReturnType<typeof userEntity.parse>["data"] & {};
export type Role = "owner" | "admin" | "standard" | "viewer" | "operator";

/** The ElectroDB service bound to a DocumentClient and table name, built once per cold start. */
export const createTableService = (client: unknown, table: string) =>
  new Service(tableEntities, { client: client as never, table });
export type TableService = ReturnType<typeof createTableService>;
