// Owner: privacy — the privacy service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

export const policyVersionEntity = defineEntity({
  model: { entity: "policyVersion", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    policyId: { type: "string", required: true, readOnly: true },
    version: { type: "number", required: true, readOnly: true, padding: { length: 6, char: "0" } },
    summary: { type: "string", required: true, readOnly: true },
    url: { type: "string", readOnly: true },
    body: { type: "string", readOnly: true },
    publishedBy: { type: "string", required: true, readOnly: true },
    publishedAt: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    byPolicy: primary("POLICY#${policyId}", ["policyId"], "VERSION#${version}", ["version"]),
  },
});

export type PolicyVersionItem = EntityItem<ReturnType<typeof policyVersionEntity>>;
