import { conditionHeld, StaleVersion } from "../../../../../shared/src/table/conditional-write.ts";
import { defined } from "../../../../../shared/src/table/defined.ts";
import type { TableService } from "../../../../../shared/src/table/entities.ts";
import { checkedCursor } from "../../../../../shared/src/table/pagination.ts";
import { commit } from "../../../../../shared/src/table/transactions.ts";
import type { Member } from "../../domain/member.ts";
import { WriteConflict } from "../../domain/write-conflict.ts";
import type { MemberStore, MembershipOfUser } from "../../ports/member-store.ts";
import { member } from "./items.ts";
import { auditAndEvents } from "./transaction-writes.ts";

/** Memberships on the single table; an owner's membership is never patched or deleted here but by a transfer. */
export const tableMemberStore = (table: TableService): MemberStore => {
  const { membership, resourceAccess, subaccountGrant } = table.entities;

  const getMember = async (accountId: string, userId: string): Promise<Member | undefined> => {
    const { data } = await membership.get({ accountId, userId }).go();
    return data ? member(data) : undefined;
  };

  /** Drops a removed member's resource grants and sub-account grants (no access is left behind). */
  const removeMemberAccess = async (accountId: string, userId: string) => {
    const grants = await resourceAccess.query.byMember({ accountId, userId }).go({ pages: "all" });
    if (grants.data.length > 0) await resourceAccess.delete(grants.data).go();
    const subaccounts = await subaccountGrant.query
      .byMember({ parentAccountId: accountId, userId })
      .go({ pages: "all" });
    if (subaccounts.data.length > 0) await subaccountGrant.delete(subaccounts.data).go();
  };

  return {
    getMember,

    async listMembers(accountId, filter) {
      checkedCursor(filter.cursor, `ACCOUNT#${accountId}`);
      let query = membership.query.byAccount({ accountId });
      const { role, status, q } = filter;
      if (role || status || q) {
        query = query.where((attr, op) =>
          [
            role ? op.eq(attr.role, role) : "",
            status ? op.eq(attr.status, status) : "",
            q ? op.contains(attr.searchText, q.toLowerCase()) : "",
          ]
            .filter(Boolean)
            .join(" AND "),
        ) as typeof query;
      }
      const page = await query.go({ limit: filter.limit, cursor: filter.cursor ?? null });
      return { items: page.data.map(member), nextCursor: page.cursor };
    },

    async allMembers(accountId) {
      const { data } = await membership.query.byAccount({ accountId }).go({ pages: "all" });
      return data.map(member);
    },

    async membershipsOf(userId) {
      const found: MembershipOfUser[] = [];
      let cursor: string | null = null;
      do {
        const page: { data: MembershipOfUser[]; cursor: string | null } = await membership.query
          .byUser({ userId })
          .go({ cursor, attributes: ["accountId", "role", "status", "addedVia"] });
        found.push(...page.data);
        cursor = page.cursor;
      } while (cursor);
      return found;
    },

    async addMember(input) {
      await commit(
        table.transaction.write((tx) => [
          tx.membership.create({ ...input.member, searchText: input.searchText }).commit(),
          ...auditAndEvents(tx, input),
        ]),
        (cancelled) => (cancelled.failedCondition(0) ? new WriteConflict("exists") : undefined),
      );
    },

    async updateMember(input) {
      const { accountId, userId, expectedVersion } = input;
      await commit(
        table.transaction.write((tx) => [
          tx.membership
            .patch({ accountId, userId })
            .set({ ...defined(input.set), updatedAt: input.now.toISOString() })
            .add({ version: 1 })
            .where((attr, op) => `${op.ne(attr.role, "owner")} AND ${op.eq(attr.version, expectedVersion)}`)
            .commit(),
          ...auditAndEvents(tx, input),
        ]),
        async (cancelled) => {
          if (!cancelled.failedCondition(0)) return undefined;
          const current = await getMember(accountId, userId);
          if (!current) return new WriteConflict("missing");
          if (current.role === "owner") return new WriteConflict("owner");
          return new StaleVersion();
        },
      );
    },

    async removeMember(input) {
      const { accountId, userId } = input;
      await commit(
        table.transaction.write((tx) => [
          tx.membership
            .delete({ accountId, userId })
            .where((attr, op) => `${op.exists(attr.role)} AND ${op.ne(attr.role, "owner")}`)
            .commit(),
          ...(input.blockSignIn
            ? [
                tx.user
                  .patch({ userId })
                  .set({ signInBlockedAt: input.now.toISOString(), updatedAt: input.now.toISOString() })
                  .commit(),
              ]
            : []),
          ...auditAndEvents(tx, input),
        ]),
        async (cancelled) => {
          if (!cancelled.failedCondition(0)) return undefined;
          return new WriteConflict((await getMember(accountId, userId)) ? "owner" : "missing");
        },
      );
      await removeMemberAccess(accountId, userId);
    },

    async transferOwnership(input) {
      const { accountId, fromUserId, toUserId } = input;
      const at = input.now.toISOString();
      await commit(
        table.transaction.write((tx) => [
          tx.membership
            .patch({ accountId, userId: fromUserId })
            .set({ role: "admin", updatedAt: at })
            .add({ version: 1 })
            .where((attr, op) => op.eq(attr.role, "owner"))
            .commit(),
          tx.membership
            .patch({ accountId, userId: toUserId })
            .set({ role: "owner", rightsOverrides: {}, updatedAt: at })
            .add({ version: 1 })
            .where((attr, op) => `${op.eq(attr.role, "admin")} AND ${op.eq(attr.status, "active")}`)
            .commit(),
          tx.account
            .patch({ accountId })
            .set({ ownerUserId: toUserId, updatedAt: at })
            .add({ version: 1 })
            .where((attr, op) => op.eq(attr.status, "active"))
            .commit(),
          ...auditAndEvents(tx, input),
        ]),
        (cancelled) => {
          if (cancelled.failedCondition(0)) return new WriteConflict("owner");
          if (cancelled.failedCondition(1)) return new WriteConflict("state");
          if (cancelled.failedCondition(2)) return new WriteConflict("missing");
          return undefined;
        },
      );
    },

    async refreshMemberIdentity(userId, identity, now) {
      let cursor: string | null = null;
      do {
        const page: { data: Array<{ accountId: string }>; cursor: string | null } = await membership.query
          .byUser({ userId })
          .go({ cursor, attributes: ["accountId"] });
        for (const { accountId } of page.data) {
          const update = membership.patch({ accountId, userId }).set({
            ...defined({ fullName: identity.fullName, email: identity.email, searchText: identity.searchText }),
            ...(identity.avatarKey ? { avatarKey: identity.avatarKey } : {}),
            updatedAt: now.toISOString(),
          });
          // null: the avatar was removed. A membership gone meanwhile has nothing to refresh.
          await conditionHeld(
            (identity.avatarKey === null ? update.remove(["avatarKey"]) : update).go({ response: "none" }),
          );
        }
        cursor = page.cursor;
      } while (cursor);
    },
  };
};
