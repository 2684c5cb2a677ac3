import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { StaleVersion } from "../../../../../shared/src/table/conditional-write.ts";
import { defined } from "../../../../../shared/src/table/defined.ts";
import type { TableService } from "../../../../../shared/src/table/entities.ts";
import { checkedCursor } from "../../../../../shared/src/table/pagination.ts";
import { deletePartitionItems } from "../../../../../shared/src/table/partition.ts";
import { commit } from "../../../../../shared/src/table/transactions.ts";
import type { AuditEntry } from "../../domain/audit.ts";
import { WriteConflict } from "../../domain/write-conflict.ts";
import type { AccountStore } from "../../ports/account-store.ts";
import { accountFacts } from "./items.ts";
import { auditAndEvents } from "./transaction-writes.ts";

/** Accounts on the single table; every invariant is a condition on the write. */
export const tableAccountStore = (
  table: TableService,
  client: DynamoDBDocumentClient,
  tableName: string,
): AccountStore => {
  const { account, auditEntry } = table.entities;
  return {
    async accountsByIds(accountIds) {
      if (accountIds.length === 0) return [];
      const { data } = await account.get(accountIds.map((accountId) => ({ accountId }))).go();
      return data.map(accountFacts);
    },

    async updateAccount(input) {
      const { accountId, expectedVersion, link } = input;
      await commit(
        table.transaction.write((tx) => [
          tx.account
            .patch({ accountId })
            .set({ ...defined(input.changes), updatedAt: input.now.toISOString() })
            .add({ version: 1 })
            .where((attr, op) => `${op.eq(attr.status, "active")} AND ${op.eq(attr.version, expectedVersion)}`)
            .commit(),
          ...(link && input.changes.name !== undefined
            ? [
                tx.accountLink
                  .patch({ ...link, childAccountId: accountId })
                  .set({ name: input.changes.name })
                  .commit(),
              ]
            : []),
          ...auditAndEvents(tx, input),
        ]),
        (cancelled) => (cancelled.failedCondition(0) ? new StaleVersion() : undefined),
      );
    },

    async softDeleteAccounts(input) {
      const listed = input.subaccountsAsListed;
      await commit(
        table.transaction.write((tx) => [
          ...input.accountIds.map((accountId) =>
            tx.account
              .patch({ accountId })
              .set({ status: "deleted", updatedAt: input.now.toISOString() })
              .add({ version: 1 })
              .where((attr, op) => {
                const active = op.eq(attr.status, "active");
                if (listed?.accountId !== accountId) return active;
                const unchanged =
                  listed.subaccountsVersion === undefined
                    ? op.notExists(attr.subaccountsVersion)
                    : op.eq(attr.subaccountsVersion, listed.subaccountsVersion);
                return `${active} AND ${unchanged}`;
              })
              .commit(),
          ),
          ...(input.links ?? []).flatMap((link) => [
            ...(link.relation === "sub"
              ? [tx.account.patch({ accountId: link.parentAccountId }).add({ subaccountsVersion: 1 }).commit()]
              : []),
            tx.accountLink
              .delete({
                parentAccountId: link.parentAccountId,
                relation: link.relation,
                childAccountId: link.childAccountId,
              })
              .commit(),
            ...(link.externalId
              ? [
                  tx.externalIdClaim
                    .delete({ parentAccountId: link.parentAccountId, externalId: link.externalId })
                    .commit(),
                ]
              : []),
          ]),
          ...auditAndEvents(tx, input),
        ]),
        (cancelled) => (cancelled.anyConditionFailed ? new WriteConflict("state") : undefined),
      );
    },

    async purgeAccount(accountId) {
      return deletePartitionItems(client, tableName, `ACCOUNT#${accountId}`, (sk) => sk === "ACCOUNT");
    },

    async listAudit(accountId, limit, cursor) {
      checkedCursor(cursor, `ACCOUNT#${accountId}`);
      const page = await auditEntry.query.byAccount({ accountId }).go({ limit, cursor: cursor ?? null, order: "desc" });
      return { items: page.data.map((entry): AuditEntry => defined(entry)), nextCursor: page.cursor };
    },
  };
};
