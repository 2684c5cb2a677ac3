// Owner: accounts — the accounts service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { byUser, defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

export const resourceAccessEntity = defineEntity({
  model: { entity: "resourceAccess", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    accountId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    resourceId: { type: "string", required: true, readOnly: true },
    /** `none` records an explicit removal, which matters for roles whose default is above none. */
    level: { type: ["none", "view", "use", "administer"] as const, required: true },
    grantedBy: { type: "string", required: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byMember: primary("ACCOUNT#${accountId}", ["accountId"], "ACCESS#${userId}#${resourceId}", [
      "userId",
      "resourceId",
    ]),
    /** The user's access across accounts, in the partition of their memberships (`byUser`). */
    byUser: byUser("ACCESS#${accountId}#${resourceId}", ["accountId", "resourceId"]),
  },
});

export type ResourceAccessItem = EntityItem<ReturnType<typeof resourceAccessEntity>>;
