import { createConversions } from "electrodb";
import { tableDefinition } from "../definition.ts";
import { resourceAccessEntity } from "../entities/accounts/resource-access.ts";
import { subaccountGrantEntity } from "../entities/accounts/subaccount-grant.ts";
import type { IndexKeyBackfill, TableItem } from "./index-key-backfill.ts";
import { ENTITY_TYPE_ATTRIBUTE } from "./member-index-keys.ts";

const { partitionKey, sortKey, indexes } = tableDefinition;

/** An entity with its table key (`byMember`) and its key on the `byUser` index, as conversions see it. */
type HeldByUser = ReturnType<typeof subaccountGrantEntity> | ReturnType<typeof resourceAccessEntity>;

const pick = (from: TableItem, names: string[]) => Object.fromEntries(names.map((name) => [name, from[name]]));

const byUserIndexKeys = (entity: HeldByUser): IndexKeyBackfill => {
  const keys = createConversions(entity as ReturnType<typeof resourceAccessEntity>).byAccessPattern;
  return {
    entityType: { attribute: ENTITY_TYPE_ATTRIBUTE, name: entity.schema.model.entity },
    indexKeys: [indexes.byUser.partitionKey, indexes.byUser.sortKey],
    // Built only from the item's own key attributes, which no write changes (`readOnly`).
    keyParts: [],
    keysOf: (item: TableItem) => {
      const key = keys.byMember.fromComposite.toKeys(item as never, { strict: "all" }) as TableItem;
      const byUser = keys.byUser.fromComposite.toKeys(item as never, { strict: "all" }) as TableItem;
      return {
        key: pick(key, [partitionKey, sortKey]),
        indexKeys: pick(byUser, [indexes.byUser.partitionKey, indexes.byUser.sortKey]),
      };
    },
  };
};

/**
 * Sub-account grants and resource access written before they were on the `byUser` index lack
 * its keys, so a user's data export and erasure (one Query of that index) miss them. Each entity
 * builds the keys from the item's own user, account and grant target (its templates stay in its
 * one definition).
 */
export const userHoldingIndexKeys = (): IndexKeyBackfill[] => [
  byUserIndexKeys(subaccountGrantEntity()),
  byUserIndexKeys(resourceAccessEntity()),
];
