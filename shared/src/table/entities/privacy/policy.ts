// Owner: privacy — the privacy service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** A policy users decide on (privacy policy, terms, marketing consent); all in one partition: a handful exist. */
export const policyEntity = defineEntity({
  model: { entity: "policy", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    policyId: { type: "string", required: true, readOnly: true },
    title: { type: "string", required: true },
    required: { type: "boolean", required: true },
    /** 0 until the first version is published. */
    currentVersion: { type: "number", required: true, default: 0 },
    summary: { type: "string" },
    url: { type: "string" },
    publishedAt: { type: "string" },
    createdBy: { type: "string", required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    all: primary("POLICIES", [], "POLICY#${policyId}", ["policyId"]),
  },
});

export type PolicyItem = EntityItem<ReturnType<typeof policyEntity>>;
