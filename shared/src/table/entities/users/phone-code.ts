// Owner: users — the users service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/**
 * The one pending SMS code of a user for a purpose (confirm a new phone, or remove a confirmed one
 * via the old number). Only a salted hash of the code is kept; a new code replaces the old one.
 */
export const phoneCodeEntity = defineEntity({
  model: { entity: "phoneCode", version: "1", service: ELECTRODB_SERVICE },
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

export type PhoneCodeItem = EntityItem<ReturnType<typeof phoneCodeEntity>>;
