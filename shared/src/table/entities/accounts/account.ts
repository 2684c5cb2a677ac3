// Owner: accounts — the accounts service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

export const accountEntity = defineEntity({
  model: { entity: "account", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    accountId: { type: "string", required: true, readOnly: true },
    name: { type: "string", required: true },
    kind: { type: ["standard", "partner"] as const, required: true, default: "standard" },
    status: { type: ["active", "deleted"] as const, required: true, default: "active" },
    parentAccountId: { type: "string", readOnly: true },
    externalId: { type: "string" },
    managedBy: { type: "string" },
    delegationEnabled: { type: "boolean" },
    billingAccountId: { type: "string", required: true },
    ownerUserId: { type: "string" },
    adminsCanGrantAdmin: { type: "boolean", required: true, default: true },
    version: { type: "number", required: true, default: 1 },
    /**
     * Counts the changes of a top-level account's sub-account links (a sub-account created or
     * deleted): its deletion is conditional on the count it read before listing them, so no
     * sub-account created meanwhile is left without its parent. A top-level account starts at 0, so
     * 0 also says it never had a sub-account (its links need no Query); absent on accounts created
     * before the count existed.
     */
    subaccountsVersion: { type: "number" },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byId: primary("ACCOUNT#${accountId}", ["accountId"], "ACCOUNT", []),
  },
});

export type AccountItem = EntityItem<ReturnType<typeof accountEntity>>;
