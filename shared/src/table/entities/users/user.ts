// Owner: users — the users service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, LOCALES, primary } from "../single-table.ts";

export const userEntity = defineEntity({
  model: { entity: "user", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    cognitoUsername: { type: "string", required: true, readOnly: true },
    email: { type: "string" },
    login: { type: "string" },
    fullName: { type: "string", required: true },
    locale: { type: LOCALES, required: true, default: "en" },
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
    byId: primary("USER#${userId}", ["userId"], "PROFILE", []),
  },
});

export type UserItem = EntityItem<ReturnType<typeof userEntity>>;
