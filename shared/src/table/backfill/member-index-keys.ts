import { createConversions } from "electrodb";
import { tableDefinition } from "../definition.ts";
import { membershipEntity } from "../entities/accounts/membership.ts";
import type { IndexKeyBackfill, TableItem } from "./index-key-backfill.ts";

const { membersByRole, membersByStatus } = tableDefinition.indexes;

/** The attribute ElectroDB writes each item's entity name to (its default; no entity here names another). */
export const ENTITY_TYPE_ATTRIBUTE = "__edb_e__";

/**
 * Membership items written before the `membersByRole` and `membersByStatus` indexes lack their
 * keys, so `?role=` and `?status=` miss them. The membership entity builds the keys from the
 * item's own account, user, role and status (its templates stay in its one definition).
 */
export const memberIndexKeys = (): IndexKeyBackfill => {
  const membership = membershipEntity();
  const keys = createConversions(membership).byAccessPattern;
  return {
    entityType: { attribute: ENTITY_TYPE_ATTRIBUTE, name: membership.schema.model.entity },
    indexKeys: [
      membersByRole.partitionKey,
      membersByRole.sortKey,
      membersByStatus.partitionKey,
      membersByStatus.sortKey,
    ],
    keyParts: ["role", "status"],
    keysOf: (item: TableItem) => {
      const composite = item as Parameters<typeof keys.membersByRole.fromComposite.toKeys>[0];
      const byRole = keys.membersByRole.fromComposite.toKeys(composite, { strict: "all" });
      const byStatus = keys.membersByStatus.fromComposite.toKeys(composite, { strict: "all" });
      const key = keys.byAccount.fromComposite.toKeys(composite, { strict: "all" });
      const pick = (from: TableItem, names: string[]) => Object.fromEntries(names.map((name) => [name, from[name]]));
      return {
        key: pick(key, [tableDefinition.partitionKey, tableDefinition.sortKey]),
        indexKeys: {
          ...pick(byRole, [membersByRole.partitionKey, membersByRole.sortKey]),
          ...pick(byStatus, [membersByStatus.partitionKey, membersByStatus.sortKey]),
        },
      };
    },
  };
};
