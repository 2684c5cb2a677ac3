import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { batchGetMixed } from "../../../../../shared/src/table/batch-get.ts";
import { StaleVersion } from "../../../../../shared/src/table/conditional-write.ts";
import { defined } from "../../../../../shared/src/table/defined.ts";
import type { TableService } from "../../../../../shared/src/table/entities.ts";
import { checkedCursor } from "../../../../../shared/src/table/pagination.ts";
import { commit } from "../../../../../shared/src/table/transactions.ts";
import type { ResourceLevel } from "../../domain/access.ts";
import { WriteConflict } from "../../domain/write-conflict.ts";
import type { ResourceStore } from "../../ports/resource-store.ts";
import { type ResourceAccessItem, type ResourceItem, resource as resourceOf } from "./items.ts";
import { auditAndEvents } from "./transaction-writes.ts";

/** An account's resources and members' explicit levels on them, on the single table. */
export const tableResourceStore = (
  table: TableService,
  client: DynamoDBDocumentClient,
  tableName: string,
): ResourceStore => {
  const { resource, resourceAccess } = table.entities;

  const getResource = async (accountId: string, resourceId: string) => {
    const { data } = await resource.get({ accountId, resourceId }).go();
    return data ? resourceOf(data) : undefined;
  };

  return {
    getResource,

    async createResource(input) {
      await commit(
        table.transaction.write((tx) => [tx.resource.create(input.resource).commit(), ...auditAndEvents(tx, input)]),
      );
    },

    async getResourceWithAccess(accountId, resourceId, userId) {
      const [resourceItem, accessItem] = (await batchGetMixed(client, tableName, [
        { entity: resource, key: { accountId, resourceId } },
        { entity: resourceAccess, key: { accountId, userId, resourceId } },
      ])) as [ResourceItem | undefined, ResourceAccessItem | undefined];
      return { resource: resourceItem ? resourceOf(resourceItem) : undefined, level: accessItem?.level };
    },

    async listResources(accountId, limit, cursor) {
      checkedCursor(cursor, `ACCOUNT#${accountId}`);
      const page = await resource.query.byAccount({ accountId }).go({ limit, cursor: cursor ?? null });
      return { items: page.data.map(resourceOf), nextCursor: page.cursor };
    },

    async resourcesByIds(accountId, resourceIds) {
      if (resourceIds.length === 0) return [];
      const { data } = await resource.get(resourceIds.map((resourceId) => ({ accountId, resourceId }))).go();
      return data.map(resourceOf);
    },

    async listMemberAccess(accountId, userId, options = {}) {
      checkedCursor(options.cursor, `ACCOUNT#${accountId}`);
      const page = await resourceAccess.query
        .byMember({ accountId, userId })
        .go({ cursor: options.cursor ?? null, ...(options.limit ? { limit: options.limit } : { pages: "all" }) });
      return {
        items: page.data.map((a) => ({ resourceId: a.resourceId, level: a.level })),
        nextCursor: page.cursor,
      };
    },

    async levelsOnResource(accountId, resourceId, userIds) {
      if (userIds.length === 0) return new Map<string, ResourceLevel | "none">();
      const { data } = await resourceAccess.get(userIds.map((userId) => ({ accountId, userId, resourceId }))).go();
      return new Map(data.map((a) => [a.userId, a.level]));
    },

    async updateResource(input) {
      const { accountId, resourceId, expectedVersion } = input;
      await commit(
        table.transaction.write((tx) => [
          tx.resource
            .patch({ accountId, resourceId })
            .set({ ...defined(input.changes), updatedAt: input.now.toISOString() })
            .add({ version: 1 })
            .where((attr, op) => op.eq(attr.version, expectedVersion))
            .commit(),
          ...auditAndEvents(tx, input),
        ]),
        async (cancelled) => {
          if (!cancelled.failedCondition(0)) return undefined;
          return (await getResource(accountId, resourceId)) ? new StaleVersion() : new WriteConflict("missing");
        },
      );
    },

    async deleteResource(input) {
      const { accountId, resourceId } = input;
      await commit(
        table.transaction.write((tx) => [
          tx.resource
            .delete({ accountId, resourceId })
            .where((attr, op) => op.exists(attr.name))
            .commit(),
          ...auditAndEvents(tx, input),
        ]),
        (cancelled) => (cancelled.failedCondition(0) ? new WriteConflict("missing") : undefined),
      );
    },

    async setResourceAccess(input) {
      const { accountId, resourceId, userId } = input;
      await commit(
        table.transaction.write((tx) => [
          tx.resource
            .check({ accountId, resourceId })
            .where((attr, op) => op.exists(attr.name))
            .commit(),
          // Counted, not only checked: a removal that read the grants before this one then fails.
          tx.membership
            .patch({ accountId, userId })
            .add({ grantsVersion: 1 })
            .where((attr, op) => op.exists(attr.role))
            .commit(),
          tx.resourceAccess
            .put({
              accountId,
              resourceId,
              userId,
              level: input.level,
              grantedBy: input.grantedBy,
              updatedAt: input.now.toISOString(),
            })
            .commit(),
          ...auditAndEvents(tx, input),
        ]),
        (cancelled) =>
          cancelled.failedCondition(0) || cancelled.failedCondition(1) ? new WriteConflict("missing") : undefined,
      );
    },
  };
};
