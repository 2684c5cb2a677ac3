// Owner: accounts — the accounts service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { byUser, defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

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
    /** The user's grants across accounts, in the partition of their memberships (`byUser`). */
    byUser: byUser("SUBGRANT#${parentAccountId}#${subaccountId}", ["parentAccountId", "subaccountId"]),
  },
});

export type SubaccountGrantItem = EntityItem<ReturnType<typeof subaccountGrantEntity>>;
