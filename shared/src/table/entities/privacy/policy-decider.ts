// Owner: privacy — the privacy service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** Who has decided on a policy: the audience of its change notices. */
export const policyDeciderEntity = defineEntity({
  model: { entity: "policyDecider", version: "1", service: ELECTRODB_SERVICE },
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

export type PolicyDeciderItem = EntityItem<ReturnType<typeof policyDeciderEntity>>;
