// Owner: platform — no one service: cross-cutting machinery every service (or shared code) writes.
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** Sign-in attempts on one username since its last success, and when the next is allowed (progressive lockout). */
export const signInLockoutEntity = defineEntity({
  model: { entity: "signInLockout", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    /** The username, hashed (rateLimitBucket): no personal data in the key. */
    subject: { type: "string", required: true, readOnly: true },
    attempts: { type: "number", required: true },
    /** Epoch milliseconds before which the next attempt is refused. */
    nextAttemptAt: { type: "number", required: true },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    bySubject: primary("LOCKOUT#${subject}", ["subject"], "LOCKOUT", []),
  },
});

export type SignInLockoutItem = EntityItem<ReturnType<typeof signInLockoutEntity>>;
