// Owner: privacy — the privacy service writes it (exceptions: ../cross-service-writes.ts).
import { Entity, type EntityItem } from "electrodb";
import { ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** Who has decided on a policy: the audience of its change notices. */
export const policyDeciderEntity = new Entity({
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

export type PolicyDeciderItem = EntityItem<typeof policyDeciderEntity>;
