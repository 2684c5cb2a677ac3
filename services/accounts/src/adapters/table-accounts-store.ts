import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { OutboxEntry } from "../../../../shared/src/events/outbox.ts";
import { batchGetMixed, createBatchLoader } from "../../../../shared/src/table/batch-get.ts";
import { isConditionFailure, StaleVersion } from "../../../../shared/src/table/conditional-write.ts";
import { defined } from "../../../../shared/src/table/defined.ts";
import type { TableService, TransactionEntities } from "../../../../shared/src/table/entities.ts";
import { checkedCursor } from "../../../../shared/src/table/pagination.ts";
import { deletePartitionItems } from "../../../../shared/src/table/partition.ts";
import { commit, TransactionCancelled } from "../../../../shared/src/table/transactions.ts";
import type { AccountFacts, MembershipFacts, ResourceLevel, Via } from "../domain/access.ts";
import type { AuditEntry } from "../domain/audit.ts";
import type { RightsOverrides } from "../domain/rights.ts";
import type { Role } from "../domain/roles.ts";
import { type Invitation, pendingInvitationWrites } from "./table-invitation-store.ts";

export interface Member extends MembershipFacts {
  fullName: string;
  email?: string;
  login?: string;
  /** Copy of the user's published avatar key (from ProfileUpdated). */
  avatarKey?: string;
  addedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface Resource {
  accountId: string;
  resourceId: string;
  type: "application" | "pixel" | "project";
  name: string;
  settings?: Record<string, unknown>;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A write lost a race or broke an invariant; `reason` says which condition failed. */
export class WriteConflict extends Error {
  override name = "WriteConflict";
  constructor(readonly reason: "missing" | "owner" | "exists" | "state") {
    super(reason);
  }
}

const accountFacts = (item: Record<string, unknown>): AccountFacts => defined(item) as unknown as AccountFacts;
const member = (item: Record<string, unknown>): Member => {
  const { searchText: _searchText, ...rest } = defined(item);
  return rest as unknown as Member;
};

/** The accounts service's persistence on the single table. Every invariant is a condition on the write. */
export const tableAccountsStore = (table: TableService, client: DynamoDBDocumentClient, tableName: string) => {
  const { account, membership, resource, resourceAccess, auditEntry, subaccountGrant, accountLink } = table.entities;

  const auditAndEvents = (tx: TransactionEntities, audit: AuditEntry[], events: OutboxEntry[]) => [
    ...audit.map((entry) => tx.auditEntry.create(entry).commit()),
    ...events.map((event) => tx.outboxEvent.create(event).commit()),
  ];

  return {
    /** Rule 1 facts in one round trip: the account and the caller's membership of it. */
    async loadAccountAndMembership(accountId: string, userId: string) {
      const [accountItem, membershipItem] = await batchGetMixed(client, tableName, [
        { entity: account, key: { accountId } },
        { entity: membership, key: { accountId, userId } },
      ]);
      return {
        account: accountItem ? accountFacts(accountItem as Record<string, unknown>) : undefined,
        membership: membershipItem ? member(membershipItem as Record<string, unknown>) : undefined,
      };
    },

    /**
     * Rule 2 facts in one round trip: the parent account (whose delegation governs memberships
     * added through host access), the caller's parent membership and their grant for this sub-account.
     */
    async loadParentFacts(parentAccountId: string, userId: string, subaccountId: string) {
      const [parentItem, membershipItem, grantItem] = await batchGetMixed(client, tableName, [
        { entity: account, key: { accountId: parentAccountId } },
        { entity: membership, key: { accountId: parentAccountId, userId } },
        { entity: subaccountGrant, key: { parentAccountId, userId, subaccountId } },
      ]);
      return {
        parent: parentItem ? accountFacts(parentItem as Record<string, unknown>) : undefined,
        membership: membershipItem ? member(membershipItem as Record<string, unknown>) : undefined,
        hasGrant: Boolean(grantItem),
      };
    },

    async getMember(accountId: string, userId: string): Promise<Member | undefined> {
      const { data } = await membership.get({ accountId, userId }).go();
      return data ? member(data as Record<string, unknown>) : undefined;
    },

    async listMembers(
      accountId: string,
      filter: { role?: Role; status?: "active" | "disabled"; q?: string; limit: number; cursor?: string },
    ): Promise<Page<Member>> {
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
      return { items: page.data.map((item) => member(item as Record<string, unknown>)), nextCursor: page.cursor };
    },

    async updateAccount(input: {
      accountId: string;
      changes: {
        name?: string;
        adminsCanGrantAdmin?: boolean;
        delegationEnabled?: boolean;
        kind?: "standard" | "partner";
      };
      /** The version the change was based on: the write is conditional on it. */
      expectedVersion: number;
      /** The parent's or partner's pointer to this account, whose name copy follows a rename. */
      link?: { parentAccountId: string; relation: "sub" | "managed" };
      now: Date;
      audit: AuditEntry[];
      events: OutboxEntry[];
    }) {
      const { accountId, expectedVersion, link } = input;
      try {
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
            ...auditAndEvents(tx, input.audit, input.events),
          ]),
        );
      } catch (error) {
        if (error instanceof TransactionCancelled && error.failedCondition(0)) throw new StaleVersion();
        throw error;
      }
    },

    async softDeleteAccounts(input: {
      accountIds: string[];
      /** Pointers in parent/partner partitions that go with the deleted accounts. */
      links?: Array<{
        parentAccountId: string;
        relation: "sub" | "managed";
        childAccountId: string;
        externalId?: string;
      }>;
      now: Date;
      audit: AuditEntry[];
      events: OutboxEntry[];
    }) {
      try {
        await commit(
          table.transaction.write((tx) => [
            ...input.accountIds.map((accountId) =>
              tx.account
                .patch({ accountId })
                .set({ status: "deleted", updatedAt: input.now.toISOString() })
                .add({ version: 1 })
                .where((attr, op) => op.eq(attr.status, "active"))
                .commit(),
            ),
            ...(input.links ?? []).flatMap((link) => [
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
            ...auditAndEvents(tx, input.audit, input.events),
          ]),
        );
      } catch (error) {
        if (error instanceof TransactionCancelled && error.codes.includes("ConditionalCheckFailed")) {
          throw new WriteConflict("state");
        }
        throw error;
      }
    },

    /** Removes everything an account holds except its tombstone; safe to repeat. */
    async purgeAccount(accountId: string) {
      return deletePartitionItems(client, tableName, `ACCOUNT#${accountId}`, (sk) => sk === "ACCOUNT");
    },

    async updateMember(input: {
      accountId: string;
      userId: string;
      set: {
        role?: Role;
        status?: "active" | "disabled";
        rightsOverrides?: RightsOverrides;
        fullName?: string;
        searchText?: string;
      };
      /** The version the change was based on: the write is conditional on it. */
      expectedVersion: number;
      now: Date;
      audit: AuditEntry[];
      events: OutboxEntry[];
    }): Promise<void> {
      const { accountId, userId, expectedVersion } = input;
      try {
        await commit(
          table.transaction.write((tx) => [
            tx.membership
              .patch({ accountId, userId })
              .set({ ...defined(input.set), updatedAt: input.now.toISOString() })
              .add({ version: 1 })
              .where((attr, op) => `${op.ne(attr.role, "owner")} AND ${op.eq(attr.version, expectedVersion)}`)
              .commit(),
            ...auditAndEvents(tx, input.audit, input.events),
          ]),
        );
      } catch (error) {
        if (error instanceof TransactionCancelled && error.failedCondition(0)) {
          const current = await this.getMember(accountId, userId);
          if (!current) throw new WriteConflict("missing");
          if (current.role === "owner") throw new WriteConflict("owner");
          throw new StaleVersion();
        }
        throw error;
      }
    },

    async removeMember(input: {
      accountId: string;
      userId: string;
      /** The user is being deleted too: their sign-in is blocked in the same transaction. */
      blockSignIn?: boolean;
      now: Date;
      audit: AuditEntry[];
      events: OutboxEntry[];
    }) {
      const { accountId, userId } = input;
      try {
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
            ...auditAndEvents(tx, input.audit, input.events),
          ]),
        );
      } catch (error) {
        if (error instanceof TransactionCancelled && error.failedCondition(0)) {
          const current = await this.getMember(accountId, userId);
          throw new WriteConflict(current ? "owner" : "missing");
        }
        throw error;
      }
      await this.removeMemberAccess(accountId, userId);
    },

    /** Drops a removed member's resource grants and sub-account grants (no access is left behind). */
    async removeMemberAccess(accountId: string, userId: string) {
      const grants = await resourceAccess.query.byMember({ accountId, userId }).go({ pages: "all" });
      if (grants.data.length > 0) await resourceAccess.delete(grants.data).go();
      const subaccounts = await subaccountGrant.query
        .byMember({ parentAccountId: accountId, userId })
        .go({ pages: "all" });
      if (subaccounts.data.length > 0) await subaccountGrant.delete(subaccounts.data).go();
    },

    /** Ownership moves in one transaction: the old owner must still own, the new one must still be an active admin. */
    async transferOwnership(input: {
      accountId: string;
      fromUserId: string;
      toUserId: string;
      now: Date;
      audit: AuditEntry[];
      events: OutboxEntry[];
    }) {
      const { accountId, fromUserId, toUserId } = input;
      const at = input.now.toISOString();
      try {
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
            ...auditAndEvents(tx, input.audit, input.events),
          ]),
        );
      } catch (error) {
        if (error instanceof TransactionCancelled) {
          if (error.failedCondition(0)) throw new WriteConflict("owner");
          if (error.failedCondition(1)) throw new WriteConflict("state");
          if (error.failedCondition(2)) throw new WriteConflict("missing");
        }
        throw error;
      }
    },

    /** A managed user's membership, written with the audit entry and events (the identity is created before). */
    async addMember(input: { member: Member; audit: AuditEntry[]; events: OutboxEntry[]; searchText: string }) {
      try {
        await commit(
          table.transaction.write((tx) => [
            tx.membership.create({ ...input.member, searchText: input.searchText }).commit(),
            ...auditAndEvents(tx, input.audit, input.events),
          ]),
        );
      } catch (error) {
        if (error instanceof TransactionCancelled && error.failedCondition(0)) throw new WriteConflict("exists");
        throw error;
      }
    },

    async createResource(input: { resource: Resource; audit: AuditEntry[]; events: OutboxEntry[] }) {
      await commit(
        table.transaction.write((tx) => [
          tx.resource.create(input.resource).commit(),
          ...auditAndEvents(tx, input.audit, input.events),
        ]),
      );
    },

    async getResource(accountId: string, resourceId: string): Promise<Resource | undefined> {
      const { data } = await resource.get({ accountId, resourceId }).go();
      return data ? (defined(data) as Resource) : undefined;
    },

    /** The caller's explicit level on one resource and the resource, in one round trip. */
    async getResourceWithAccess(accountId: string, resourceId: string, userId: string) {
      const [resourceItem, accessItem] = await batchGetMixed(client, tableName, [
        { entity: resource, key: { accountId, resourceId } },
        { entity: resourceAccess, key: { accountId, userId, resourceId } },
      ]);
      return {
        resource: resourceItem ? (defined(resourceItem as object) as Resource) : undefined,
        level: (accessItem as { level?: ResourceLevel | "none" } | undefined)?.level,
      };
    },

    async listResources(accountId: string, limit: number, cursor?: string): Promise<Page<Resource>> {
      checkedCursor(cursor, `ACCOUNT#${accountId}`);
      const page = await resource.query.byAccount({ accountId }).go({ limit, cursor: cursor ?? null });
      return { items: page.data.map((r) => defined(r) as Resource), nextCursor: page.cursor };
    },

    async resourcesByIds(accountId: string, resourceIds: string[]): Promise<Resource[]> {
      if (resourceIds.length === 0) return [];
      const { data } = await resource.get(resourceIds.map((resourceId) => ({ accountId, resourceId }))).go();
      return data.map((r) => defined(r) as Resource);
    },

    /** A member's explicit resource levels: one page (cursor-bounded) or all of them. */
    async listMemberAccess(accountId: string, userId: string, options: { limit?: number; cursor?: string } = {}) {
      checkedCursor(options.cursor, `ACCOUNT#${accountId}`);
      const page = await resourceAccess.query
        .byMember({ accountId, userId })
        .go({ cursor: options.cursor ?? null, ...(options.limit ? { limit: options.limit } : { pages: "all" }) });
      return {
        items: page.data.map((a) => ({ resourceId: a.resourceId, level: a.level })),
        nextCursor: page.cursor,
      };
    },

    /** The explicit levels of some members on one resource, in one batch read (absent: no grant). */
    async levelsOnResource(accountId: string, resourceId: string, userIds: string[]) {
      if (userIds.length === 0) return new Map<string, ResourceLevel | "none">();
      const { data } = await resourceAccess.get(userIds.map((userId) => ({ accountId, userId, resourceId }))).go();
      return new Map(data.map((a) => [a.userId, a.level as ResourceLevel | "none"]));
    },

    async updateResource(input: {
      accountId: string;
      resourceId: string;
      changes: { name?: string; settings?: Record<string, unknown> };
      /** The version the change was based on: the write is conditional on it. */
      expectedVersion: number;
      now: Date;
      audit: AuditEntry[];
      events: OutboxEntry[];
    }) {
      const { accountId, resourceId, expectedVersion } = input;
      try {
        await commit(
          table.transaction.write((tx) => [
            tx.resource
              .patch({ accountId, resourceId })
              .set({ ...defined(input.changes), updatedAt: input.now.toISOString() })
              .add({ version: 1 })
              .where((attr, op) => op.eq(attr.version, expectedVersion))
              .commit(),
            ...auditAndEvents(tx, input.audit, input.events),
          ]),
        );
      } catch (error) {
        if (error instanceof TransactionCancelled && error.failedCondition(0)) {
          if (!(await this.getResource(accountId, resourceId))) throw new WriteConflict("missing");
          throw new StaleVersion();
        }
        throw error;
      }
    },

    async deleteResource(input: { accountId: string; resourceId: string; audit: AuditEntry[]; events: OutboxEntry[] }) {
      const { accountId, resourceId } = input;
      try {
        await commit(
          table.transaction.write((tx) => [
            tx.resource
              .delete({ accountId, resourceId })
              .where((attr, op) => op.exists(attr.name))
              .commit(),
            ...auditAndEvents(tx, input.audit, input.events),
          ]),
        );
      } catch (error) {
        if (error instanceof TransactionCancelled && error.failedCondition(0)) throw new WriteConflict("missing");
        throw error;
      }
    },

    /** Sets one member's level on one resource; the member must still exist (no grants to people who left). */
    async setResourceAccess(input: {
      accountId: string;
      resourceId: string;
      userId: string;
      level: ResourceLevel | "none";
      grantedBy: string;
      now: Date;
      audit: AuditEntry[];
      events: OutboxEntry[];
    }) {
      const { accountId, resourceId, userId } = input;
      try {
        await commit(
          table.transaction.write((tx) => [
            tx.resource
              .check({ accountId, resourceId })
              .where((attr, op) => op.exists(attr.name))
              .commit(),
            tx.membership
              .check({ accountId, userId })
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
            ...auditAndEvents(tx, input.audit, input.events),
          ]),
        );
      } catch (error) {
        if (error instanceof TransactionCancelled && (error.failedCondition(0) || error.failedCondition(1))) {
          throw new WriteConflict("missing");
        }
        throw error;
      }
    },

    async listAudit(accountId: string, limit: number, cursor?: string): Promise<Page<AuditEntry>> {
      checkedCursor(cursor, `ACCOUNT#${accountId}`);
      const page = await auditEntry.query.byAccount({ accountId }).go({ limit, cursor: cursor ?? null, order: "desc" });
      return { items: page.data.map((entry) => defined(entry) as AuditEntry), nextCursor: page.cursor };
    },

    /** The member's identity copies after a profile change (event-carried state from the users service). */
    async refreshMemberIdentity(
      userId: string,
      identity: { fullName?: string; email?: string; searchText?: string; avatarKey?: string | null },
      now: Date,
    ) {
      let cursor: string | null = null;
      do {
        const page: { data: Array<{ accountId: string }>; cursor: string | null } = await membership.query
          .byUser({ userId })
          .go({ cursor, attributes: ["accountId"] });
        for (const { accountId } of page.data) {
          try {
            const update = membership.patch({ accountId, userId }).set({
              ...defined({ fullName: identity.fullName, email: identity.email, searchText: identity.searchText }),
              ...(identity.avatarKey ? { avatarKey: identity.avatarKey } : {}),
              updatedAt: now.toISOString(),
            });
            // null: the avatar was removed.
            await (identity.avatarKey === null ? update.remove(["avatarKey"]) : update).go({ response: "none" });
          } catch (error) {
            if (!isConditionFailure(error)) throw error;
          }
        }
        cursor = page.cursor;
      } while (cursor);
    },

    /** Every account a user belongs to, with the role there (for identity-management checks). */
    async membershipsOf(userId: string) {
      const found: Array<{ accountId: string; role: Role; status: "active" | "disabled"; addedVia?: Via }> = [];
      let cursor: string | null = null;
      do {
        const page: { data: typeof found; cursor: string | null } = await membership.query
          .byUser({ userId })
          .go({ cursor, attributes: ["accountId", "role", "status", "addedVia"] });
        found.push(...page.data);
        cursor = page.cursor;
      } while (cursor);
      return found;
    },

    /** A sub-account with its parent's pointer and external-id claim; a taken external id is `WriteConflict("exists")`. */
    async createSubaccount(input: {
      account: AccountFacts & { billingAccountId: string; externalId: string; createdAt: string; updatedAt: string };
      now: Date;
      audit: AuditEntry[];
      events: OutboxEntry[];
    }) {
      const { account: child } = input;
      const parentAccountId = child.parentAccountId as string;
      try {
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
            tx.account
              .check({ accountId: parentAccountId })
              .where((attr, op) => `${op.eq(attr.status, "active")} AND ${op.notExists(attr.parentAccountId)}`)
              .commit(),
            ...auditAndEvents(tx, input.audit, input.events),
          ]),
        );
      } catch (error) {
        if (error instanceof TransactionCancelled && error.failedCondition(0)) throw new WriteConflict("exists");
        if (error instanceof TransactionCancelled && error.failedCondition(3)) throw new WriteConflict("state");
        throw error;
      }
    },

    /** A client account a partner manages (delegation on), the partner's pointer to it, and its owner's invitation. */
    async createManagedAccount(input: {
      account: { accountId: string; name: string; managedBy: string; createdAt: string };
      ownerInvitation: Invitation;
      audit: AuditEntry[];
      events: OutboxEntry[];
    }) {
      const { ownerInvitation: inv } = input;
      const { account: child } = input;
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
          ...pendingInvitationWrites(tx, inv),
          ...auditAndEvents(tx, input.audit, input.events),
        ]),
      );
    },

    async listLinks(parentAccountId: string, relation: "sub" | "managed", limit: number, cursor?: string) {
      checkedCursor(cursor, `ACCOUNT#${parentAccountId}`);
      const page = await accountLink.query
        .byParent({ parentAccountId, relation })
        .go({ limit, cursor: cursor ?? null });
      return {
        items: page.data.map((link) => ({
          accountId: link.childAccountId,
          name: link.name,
          externalId: link.externalId,
        })),
        nextCursor: page.cursor,
      };
    },

    /** Every child of one relation (for cascades and the account switcher). */
    async allLinks(parentAccountId: string, relation: "sub" | "managed") {
      const { data } = await accountLink.query.byParent({ parentAccountId, relation }).go({ pages: "all" });
      return data.map((link) => ({ accountId: link.childAccountId, name: link.name, externalId: link.externalId }));
    },

    async hasSubaccounts(parentAccountId: string) {
      const { data } = await accountLink.query.byParent({ parentAccountId, relation: "sub" }).go({ limit: 1 });
      return data.length > 0;
    },

    async subaccountGrantsOf(parentAccountId: string, userId: string): Promise<string[]> {
      const { data } = await subaccountGrant.query.byMember({ parentAccountId, userId }).go({ pages: "all" });
      return data.map((grant) => grant.subaccountId);
    },

    /**
     * Sets exactly which sub-accounts a parent member may enter. Conditional on the membership's
     * version as read, so two concurrent changes cannot merge into a set nobody asked for.
     */
    async setSubaccountGrants(input: {
      parentAccountId: string;
      userId: string;
      memberVersion: number;
      add: string[];
      remove: string[];
      grantedBy: string;
      now: Date;
      audit: AuditEntry[];
      events: OutboxEntry[];
    }) {
      const { parentAccountId, userId } = input;
      const at = input.now.toISOString();
      try {
        await commit(
          table.transaction.write((tx) => [
            tx.membership
              .patch({ accountId: parentAccountId, userId })
              .set({ updatedAt: at })
              .add({ version: 1 })
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
            ...auditAndEvents(tx, input.audit, input.events),
          ]),
        );
      } catch (error) {
        if (error instanceof TransactionCancelled && error.failedCondition(0)) throw new StaleVersion();
        throw error;
      }
    },

    /** All members of an account (small partner organisations: report recipients). */
    async allMembers(accountId: string): Promise<Member[]> {
      const { data } = await membership.query.byAccount({ accountId }).go({ pages: "all" });
      return data.map((item) => member(item as Record<string, unknown>));
    },

    async accountsByIds(accountIds: string[]): Promise<AccountFacts[]> {
      if (accountIds.length === 0) return [];
      const { data } = await account.get(accountIds.map((accountId) => ({ accountId }))).go();
      return data.map((item) => accountFacts(item as Record<string, unknown>));
    },

    /**
     * The reads the access resolver makes, as the same methods, but coalesced: concurrent
     * resolutions (an access-check batch) share BatchGetItem calls, one wave of reads per
     * resolver step. A fresh set per request, so nothing is cached across requests.
     */
    coalescedAccessReads() {
      const loader = createBatchLoader(client, tableName);
      const accountOf = async (accountId: string) => {
        const item = await loader.load(account, { accountId });
        return item ? accountFacts(item as Record<string, unknown>) : undefined;
      };
      const memberOf = async (accountId: string, userId: string) => {
        const item = await loader.load(membership, { accountId, userId });
        return item ? member(item as Record<string, unknown>) : undefined;
      };
      return {
        async loadAccountAndMembership(accountId: string, userId: string) {
          const [found, membershipFound] = await Promise.all([accountOf(accountId), memberOf(accountId, userId)]);
          return { account: found, membership: membershipFound };
        },
        async loadParentFacts(parentAccountId: string, userId: string, subaccountId: string) {
          const [parent, parentMembership, grant] = await Promise.all([
            accountOf(parentAccountId),
            memberOf(parentAccountId, userId),
            loader.load(subaccountGrant, { parentAccountId, userId, subaccountId }),
          ]);
          return { parent, membership: parentMembership, hasGrant: Boolean(grant) };
        },
        getMember: memberOf,
        async accountsByIds(accountIds: string[]): Promise<AccountFacts[]> {
          const found = await Promise.all(accountIds.map(accountOf));
          return found.filter((a): a is AccountFacts => a !== undefined);
        },
        async getResourceWithAccess(accountId: string, resourceId: string, userId: string) {
          const [resourceItem, accessItem] = await Promise.all([
            loader.load(resource, { accountId, resourceId }),
            loader.load(resourceAccess, { accountId, userId, resourceId }),
          ]);
          return {
            resource: resourceItem ? (defined(resourceItem as object) as Resource) : undefined,
            level: (accessItem as { level?: ResourceLevel | "none" } | undefined)?.level,
          };
        },
      };
    },
  };
};

export type AccountsStore = ReturnType<typeof tableAccountsStore>;
