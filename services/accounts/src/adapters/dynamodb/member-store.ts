import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createBatchLoader } from "../../../../../shared/src/table/batch-get.ts";
import { conditionHeld, StaleVersion } from "../../../../../shared/src/table/conditional-write.ts";
import { defined } from "../../../../../shared/src/table/defined.ts";
import type { TableService } from "../../../../../shared/src/table/entities.ts";
import { type CancellationExplanation, commit } from "../../../../../shared/src/table/transactions.ts";
import type { Member } from "../../domain/member.ts";
import { WriteConflict } from "../../domain/write-conflict.ts";
import type { MemberRemoval, MemberStore, MembershipOfUser } from "../../ports/member-store.ts";
import { member } from "./items.ts";
import { grantsToRemove } from "./member-grants.ts";
import { listMemberPage } from "./member-list.ts";
import { roleAndStatusOf } from "./membership-key-parts.ts";
import { auditAndEvents } from "./transaction-writes.ts";

/** How often a removal reads the grants again when grants were written while it ran. */
const REMOVAL_ATTEMPTS = 4;

/** A removal's membership delete failed only on `grantsVersion`: a grant was written since it read them. */
class GrantsChanged extends Error {
  override name = "GrantsChanged";
}
const grantsChanged: CancellationExplanation = (cancelled) =>
  cancelled.failedCondition(0) ? new GrantsChanged() : undefined;

/** Memberships on the single table; an owner's membership is never patched or deleted here but by a transfer. */
export const tableMemberStore = (
  table: TableService,
  client: DynamoDBDocumentClient,
  tableName: string,
): MemberStore => {
  const { membership, subaccountGrant } = table.entities;

  const getMember = async (accountId: string, userId: string): Promise<Member | undefined> => {
    const { data } = await membership.get({ accountId, userId }).go();
    return data ? member(data) : undefined;
  };

  /** A removal's transactions check the membership first: gone, or the owner's (else its grants changed). */
  const removalRefused =
    (accountId: string, userId: string): CancellationExplanation =>
    async (cancelled) => {
      if (!cancelled.failedCondition(0)) return undefined;
      const current = await getMember(accountId, userId);
      if (!current) return new WriteConflict("missing");
      return current.role === "owner" ? new WriteConflict("owner") : undefined;
    };

  /** One removal: the grants as read, deleted with the membership if no grant was written since. */
  const removeOnce = async (input: MemberRemoval, counted: MemberRemoval["counted"]) => {
    const { accountId, userId } = input;
    const grants = await grantsToRemove(table, input, removalRefused(accountId, userId), counted);
    await commit(
      table.transaction.write((tx) => [
        tx.membership
          .delete({ accountId, userId })
          .where((attr, op) =>
            [
              op.exists(attr.role),
              op.ne(attr.role, "owner"),
              grants.grantsVersion === undefined
                ? op.notExists(attr.grantsVersion)
                : op.eq(attr.grantsVersion, grants.grantsVersion),
            ].join(" AND "),
          )
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
        ...grants.resources.map((resourceId) => tx.resourceAccess.delete({ accountId, resourceId, userId }).commit()),
        ...grants.subaccounts.map((subaccountId) =>
          tx.subaccountGrant.delete({ parentAccountId: accountId, userId, subaccountId }).commit(),
        ),
      ]),
      async (cancelled) => (await removalRefused(accountId, userId)(cancelled)) ?? grantsChanged(cancelled),
    );
  };

  return {
    getMember,

    listMembers: (accountId, filter) => listMemberPage(table, accountId, filter),

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

    /** Both live in the user's `byUser` partition: asked together, they share one Query of it. */
    async membershipsWithGrantsOf(userId) {
      const loader = createBatchLoader(client, tableName);
      const [memberships, grants] = await Promise.all([
        loader.query(membership, membership.query.byUser({ userId })),
        loader.query(subaccountGrant, subaccountGrant.query.byUser({ userId })),
      ]);
      return {
        memberships: memberships.map(({ accountId, role, status, addedVia }) => ({
          accountId,
          role,
          status,
          ...(addedVia ? { addedVia } : {}),
        })),
        subaccountGrants: grants.map(({ parentAccountId, subaccountId }) => ({ parentAccountId, subaccountId })),
      };
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
      const keyParts = roleAndStatusOf(input.set, input.asRead);
      await commit(
        table.transaction.write((tx) => [
          tx.membership
            .patch({ accountId, userId })
            .set({ ...defined(input.set), ...keyParts, updatedAt: input.now.toISOString() })
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
      for (let attempt = 1; ; attempt++) {
        try {
          // The caller's counter serves the first attempt only: a retry follows a grant written since.
          return await removeOnce(input, attempt === 1 ? input.counted : undefined);
        } catch (error) {
          if (!(error instanceof GrantsChanged)) throw error;
          // A grant written meanwhile: read the grants again, a few times, then report the conflict.
          if (attempt === REMOVAL_ATTEMPTS) throw new WriteConflict("state");
        }
      }
    },

    async transferOwnership(input) {
      const { accountId, fromUserId, toUserId } = input;
      const at = input.now.toISOString();
      await commit(
        table.transaction.write((tx) => [
          tx.membership
            .patch({ accountId, userId: fromUserId })
            // An owner is always active (nothing changes an owner's status); the index keys need it said.
            .set({ role: "admin", status: "active", updatedAt: at })
            .add({ version: 1 })
            .where((attr, op) => `${op.eq(attr.role, "owner")} AND ${op.eq(attr.status, "active")}`)
            .commit(),
          tx.membership
            .patch({ accountId, userId: toUserId })
            .set({ role: "owner", status: "active", rightsOverrides: {}, updatedAt: at })
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
