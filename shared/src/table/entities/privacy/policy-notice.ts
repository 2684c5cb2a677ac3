// Owner: privacy — the privacy service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** The fan-out of "this policy changed" notices to everyone who decided on an earlier version. */
export const policyNoticeEntity = defineEntity({
  model: { entity: "policyNotice", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    policyId: { type: "string", required: true, readOnly: true },
    version: { type: "number", required: true, readOnly: true, padding: { length: 6, char: "0" } },
    status: { type: ["pending", "done"] as const, required: true },
    /** Where the walk over the policy's deciders stopped (an ElectroDB cursor). */
    cursor: { type: "string" },
    notified: { type: "number", required: true, default: 0 },
    dueAt: { type: "string", required: true },
    leaseOwner: { type: "string" },
    leaseUntil: { type: "number" },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byPolicy: primary("POLICY#${policyId}", ["policyId"], "NOTICE#${version}", ["version"]),
  },
});

export type PolicyNoticeItem = EntityItem<ReturnType<typeof policyNoticeEntity>>;
