// Owner: privacy — the privacy service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** What a decision holds: the current one and every logged one alike. */
export const policyDecisionAttributes = {
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
export const policyDecisionEntity = defineEntity({
  model: { entity: "policyDecision", version: "1", service: ELECTRODB_SERVICE },
  attributes: policyDecisionAttributes,
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "CONSENT#${policyId}", ["policyId"]),
  },
});

export type PolicyDecisionItem = EntityItem<ReturnType<typeof policyDecisionEntity>>;
