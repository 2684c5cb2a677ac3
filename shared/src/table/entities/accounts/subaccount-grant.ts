// Owner: accounts — the accounts service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

export const subaccountGrantEntity = defineEntity({
  model: { entity: "subaccountGrant", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    parentAccountId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    subaccountId: { type: "string", required: true, readOnly: true },
    grantedBy: { type: "string", required: true },
    createdAt: { type: "string", required: true },
  },
  indexes: {
    byMember: primary("ACCOUNT#${parentAccountId}", ["parentAccountId"], "SUBGRANT#${userId}#${subaccountId}", [
      "userId",
      "subaccountId",
    ]),
  },
});

export type SubaccountGrantItem = EntityItem<ReturnType<typeof subaccountGrantEntity>>;
