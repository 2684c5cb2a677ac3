// Owner: accounts — the accounts service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

export const resourceEntity = defineEntity({
  model: { entity: "resource", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    accountId: { type: "string", required: true, readOnly: true },
    resourceId: { type: "string", required: true, readOnly: true },
    type: { type: ["application", "pixel", "project"] as const, required: true, readOnly: true },
    name: { type: "string", required: true },
    settings: { type: "any" },
    version: { type: "number", required: true, default: 1 },
    createdBy: { type: "string", required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byAccount: primary("ACCOUNT#${accountId}", ["accountId"], "RESOURCE#${resourceId}", ["resourceId"]),
  },
});

export type ResourceItem = EntityItem<ReturnType<typeof resourceEntity>>;
