import { allPages, deleteItems } from "../../../../../shared/src/privacy/delete-items.ts";
import { StaleVersion } from "../../../../../shared/src/table/conditional-write.ts";
import type { TableService } from "../../../../../shared/src/table/entities.ts";
import { checkedCursor } from "../../../../../shared/src/table/pagination.ts";
import { commit } from "../../../../../shared/src/table/transactions.ts";
import { WriteConflict } from "../../domain/write-conflict.ts";
import type { HierarchyStore, LinkedAccount } from "../../ports/hierarchy-store.ts";
import { auditAndEvents, pendingInvitationWrites } from "./transaction-writes.ts";

type AccountLink = { childAccountId: string; name: string; externalId?: string };
const linkedAccount = (link: AccountLink): LinkedAccount => ({
  accountId: link.childAccountId,
  name: link.name,
  externalId: link.externalId,
});

/** Sub-accounts, managed accounts and the pointers and grants between accounts, on the single table. */
export const tableHierarchyStore = (table: TableService): HierarchyStore => {
  const { accountLink, subaccountGrant } = table.entities;
  return {
    async createSubaccount(input) {
      const { account: child } = input;
      const parentAccountId = child.parentAccountId as string;
      await commit(
        table.transaction.write((tx) => [
          tx.externalIdClaim
            .create({ parentAccountId, externalId: child.externalId, childAccountId: child.accountId })
            .commit(),
          tx.account
            .create({
              accountId: child.accountId,
              name: child.name,
              kind: "standard",
              status: "active",
              parentAccountId,
              externalId: child.externalId,
              billingAccountId: child.billingAccountId,
              adminsCanGrantAdmin: child.adminsCanGrantAdmin,
              version: 1,
              createdAt: child.createdAt,
              updatedAt: child.updatedAt,
            })
            .commit(),
          tx.accountLink
            .create({
              parentAccountId,
              relation: "sub",
              childAccountId: child.accountId,
              name: child.name,
              externalId: child.externalId,
              createdAt: child.createdAt,
            })
            .commit(),
          // The parent must still be an active top-level account, and its count of sub-account
          // changes moves: a deletion that listed the links before this commit then fails.
          tx.account
            .patch({ accountId: parentAccountId })
            .add({ subaccountsVersion: 1 })
            .where((attr, op) => `${op.eq(attr.status, "active")} AND ${op.notExists(attr.parentAccountId)}`)
            .commit(),
          ...auditAndEvents(tx, input),
        ]),
        (cancelled) => {
          if (cancelled.failedCondition(0)) return new WriteConflict("exists");
          if (cancelled.failedCondition(3)) return new WriteConflict("state");
          return undefined;
        },
      );
    },

    async createManagedAccount(input) {
      const { account: child, ownerInvitation } = input;
      await commit(
        table.transaction.write((tx) => [
          tx.account
            .create({
              accountId: child.accountId,
              name: child.name,
              kind: "standard",
              status: "active",
              managedBy: child.managedBy,
              delegationEnabled: true,
              billingAccountId: child.accountId,
              adminsCanGrantAdmin: true,
              version: 1,
              subaccountsVersion: 0,
              createdAt: child.createdAt,
              updatedAt: child.createdAt,
            })
            .commit(),
          tx.accountLink
            .create({
              parentAccountId: child.managedBy,
              relation: "managed",
              childAccountId: child.accountId,
              name: child.name,
              createdAt: child.createdAt,
            })
            .commit(),
          ...pendingInvitationWrites(tx, ownerInvitation),
          ...auditAndEvents(tx, input),
        ]),
      );
    },

    async listLinks(parentAccountId, relation, limit, cursor) {
      checkedCursor(cursor, `ACCOUNT#${parentAccountId}`);
      const page = await accountLink.query
        .byParent({ parentAccountId, relation })
        .go({ limit, cursor: cursor ?? null });
      return { items: page.data.map(linkedAccount), nextCursor: page.cursor };
    },

    async allLinks(parentAccountId, relation, options) {
      const { data } = await accountLink.query
        .byParent({ parentAccountId, relation })
        .go({ pages: "all", consistent: options?.consistent ?? false });
      return data.map(linkedAccount);
    },

    async hasSubaccounts(parentAccountId) {
      const { data } = await accountLink.query.byParent({ parentAccountId, relation: "sub" }).go({ limit: 1 });
      return data.length > 0;
    },

    async subaccountGrantsOf(parentAccountId, userId) {
      const { data } = await subaccountGrant.query.byMember({ parentAccountId, userId }).go({ pages: "all" });
      return data.map((grant) => grant.subaccountId);
    },

    /** The parent's grants are keyed by member first: a filtered read of them all finds the sub-account's. */
    async deleteGrantsTo(parentAccountId, subaccountId) {
      const grants = await allPages((cursor) =>
        subaccountGrant.query
          .byMember({ parentAccountId })
          .where((attribute, { eq }) => eq(attribute.subaccountId, subaccountId))
          .go({ cursor, attributes: ["userId"] }),
      );
      return deleteItems(
        subaccountGrant,
        grants.map(({ userId }) => ({ parentAccountId, userId, subaccountId })),
      );
    },

    /** Conditional on the membership's version as read, so two concurrent changes cannot merge into a set nobody asked for. */
    async setSubaccountGrants(input) {
      const { parentAccountId, userId } = input;
      const at = input.now.toISOString();
      await commit(
        table.transaction.write((tx) => [
          tx.membership
            .patch({ accountId: parentAccountId, userId })
            .set({ updatedAt: at })
            // grantsVersion: a removal that read the grants before this change then fails.
            .add({ version: 1, grantsVersion: 1 })
            .where((attr, op) => op.eq(attr.version, input.memberVersion))
            .commit(),
          ...input.add.map((subaccountId) =>
            tx.subaccountGrant
              .put({ parentAccountId, userId, subaccountId, grantedBy: input.grantedBy, createdAt: at })
              .commit(),
          ),
          ...input.remove.map((subaccountId) =>
            tx.subaccountGrant.delete({ parentAccountId, userId, subaccountId }).commit(),
          ),
          ...auditAndEvents(tx, input),
        ]),
        (cancelled) => (cancelled.failedCondition(0) ? new StaleVersion() : undefined),
      );
    },
  };
};
