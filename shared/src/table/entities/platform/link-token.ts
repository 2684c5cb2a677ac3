// Owner: platform — no one service: cross-cutting machinery every service (or shared code) writes.
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

export const linkTokenEntity = defineEntity({
  model: { entity: "linkToken", version: "1", service: ELECTRODB_SERVICE },
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
    /** An invitation link's inviter and invited address: keys its preview and acceptance read at once. */
    invitedBy: { type: "string", readOnly: true },
    email: { type: "string", readOnly: true },
    /** Epoch seconds: TTL deletes the item some time after, the code checks it exactly. */
    expiresAt: { type: "number", required: true, readOnly: true },
    usedAt: { type: "string" },
  },
  indexes: {
    byHash: primary("TOKEN#${tokenHash}", ["tokenHash"], "TOKEN", []),
  },
});

export type LinkTokenItem = EntityItem<ReturnType<typeof linkTokenEntity>>;
