// Owner: privacy — the privacy service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";
import { policyDecisionAttributes } from "./policy-decision.ts";

/** Every decision a user made, append-only. */
export const policyDecisionLogEntity = defineEntity({
  model: { entity: "policyDecisionLog", version: "1", service: ELECTRODB_SERVICE },
  attributes: policyDecisionAttributes,
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "CONSENTLOG#${policyId}#${decisionId}", ["policyId", "decisionId"]),
  },
});

export type PolicyDecisionLogItem = EntityItem<ReturnType<typeof policyDecisionLogEntity>>;
