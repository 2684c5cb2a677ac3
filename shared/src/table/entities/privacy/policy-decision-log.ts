// Owner: privacy — the privacy service writes it (exceptions: ../cross-service-writes.ts).
import { Entity, type EntityItem } from "electrodb";
import { ELECTRODB_SERVICE, primary } from "../single-table.ts";
import { policyDecisionAttributes } from "./policy-decision.ts";

/** Every decision a user made, append-only. */
export const policyDecisionLogEntity = new Entity({
  model: { entity: "policyDecisionLog", version: "1", service: ELECTRODB_SERVICE },
  attributes: policyDecisionAttributes,
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "CONSENTLOG#${policyId}#${decisionId}", ["policyId", "decisionId"]),
  },
});

export type PolicyDecisionLogItem = EntityItem<typeof policyDecisionLogEntity>;
