import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { defined } from "../../../../../shared/src/table/defined.ts";
import { memberSearchText, type TableService } from "../../../../../shared/src/table/entities.ts";
import { checkedCursor } from "../../../../../shared/src/table/pagination.ts";
import { commit } from "../../../../../shared/src/table/transactions.ts";
import { type Invitation, InvitationConflict } from "../../domain/invitation.ts";
import type { InvitationStore } from "../../ports/invitation-store.ts";
import { invitationReads } from "./invitation-reads.ts";
import { auditAndEvents, pendingInvitationWrites } from "./transaction-writes.ts";

/** The invitation's own condition failed: it is no longer pending with the link the write was based on. */
const notPendingIfFirstFailed = (cancelled: { failedCondition(index: number): boolean }) =>
  cancelled.failedCondition(0) ? new InvitationConflict("not_pending") : undefined;

/**
 * Invitations on the single table. A link is a token item pointing at its invitation; the
 * invitation remembers the hash of its current link, so regenerating makes every earlier link
 * fail, and accepting is one transaction conditional on the invitation still being pending
 * with that link — two concurrent accepts cannot both succeed.
 */
export const tableInvitationStore = (
  table: TableService,
  client: DynamoDBDocumentClient,
  tableName: string,
): InvitationStore => {
  const { invitation } = table.entities;

  const get = async (accountId: string, invitationId: string): Promise<Invitation | undefined> => {
    const { data } = await invitation.get({ accountId, invitationId }).go();
    return data ? defined(data) : undefined;
  };

  return {
    get,
    ...invitationReads(table, client, tableName),

    async create(input) {
      const { invitation: inv } = input;
      // The claim, the invitation and its token come first; the resource checks follow them.
      const resourceChecks = (inv.resources ?? []).map((_, i) => i + 3);
      await commit(
        table.transaction.write((tx) => [
          ...pendingInvitationWrites(tx, inv),
          ...(inv.resources ?? []).map((grant) =>
            tx.resource
              .check({ accountId: inv.accountId, resourceId: grant.resourceId })
              .where((attr, op) => op.exists(attr.name))
              .commit(),
          ),
          ...auditAndEvents(tx, input),
        ]),
        (cancelled) => {
          if (cancelled.failedCondition(0)) return new InvitationConflict("already_invited");
          if (resourceChecks.some((i) => cancelled.failedCondition(i)))
            return new InvitationConflict("resource_missing");
          return undefined;
        },
      );
    },

    async list(accountId, query) {
      checkedCursor(query.cursor, `ACCOUNT#${accountId}`);
      let q = invitation.query.byAccount({ accountId });
      const { status, nowSeconds } = query;
      if (status) {
        q = q.where((attr, op) => {
          if (status === "expired") return `${op.eq(attr.status, "pending")} AND ${op.lte(attr.expiresAt, nowSeconds)}`;
          if (status === "pending") return `${op.eq(attr.status, "pending")} AND ${op.gt(attr.expiresAt, nowSeconds)}`;
          return op.eq(attr.status, status as Invitation["status"]);
        }) as typeof q;
      }
      const page = await q.go({ limit: query.limit, cursor: query.cursor ?? null, order: "desc" });
      return { items: page.data.map((item): Invitation => defined(item)), nextCursor: page.cursor };
    },

    async regenerate(input) {
      const { invitation: inv } = input;
      await commit(
        table.transaction.write((tx) => [
          tx.invitation
            .patch({ accountId: inv.accountId, invitationId: inv.invitationId })
            .set({ tokenHash: input.tokenHash, expiresAt: input.expiresAt, updatedAt: input.now.toISOString() })
            .add({ version: 1 })
            .where((attr, op) => `${op.eq(attr.status, "pending")} AND ${op.eq(attr.tokenHash, inv.tokenHash)}`)
            .commit(),
          tx.linkToken.delete({ tokenHash: inv.tokenHash }).commit(),
          tx.linkToken
            .create({
              tokenHash: input.tokenHash,
              purpose: "invitation",
              accountId: inv.accountId,
              invitationId: inv.invitationId,
              invitedBy: inv.invitedBy,
              email: inv.email,
              expiresAt: input.expiresAt,
            })
            .commit(),
          ...auditAndEvents(tx, input),
        ]),
        notPendingIfFirstFailed,
      );
    },

    async revoke(input) {
      const { invitation: inv } = input;
      await commit(
        table.transaction.write((tx) => [
          tx.invitation
            .patch({ accountId: inv.accountId, invitationId: inv.invitationId })
            .set({ status: "revoked", updatedAt: input.now.toISOString() })
            .add({ version: 1 })
            .where((attr, op) => op.eq(attr.status, "pending"))
            .commit(),
          tx.linkToken.delete({ tokenHash: inv.tokenHash }).commit(),
          tx.pendingInvitee.delete({ accountId: inv.accountId, email: inv.email }).commit(),
          ...auditAndEvents(tx, input),
        ]),
        notPendingIfFirstFailed,
      );
    },

    /**
     * Acceptance in one transaction: the invitation (still pending, this link), the membership
     * (must not exist), its resource and sub-account grants, and for a new person the identity
     * with the email verified by the link.
     */
    async accept(input) {
      const { invitation: inv, member, newIdentity } = input;
      const at = input.now.toISOString();
      const nowSeconds = Math.floor(input.now.getTime() / 1000);
      await commit(
        table.transaction.write((tx) => [
          tx.invitation
            .patch({ accountId: inv.accountId, invitationId: inv.invitationId })
            .set({ status: "accepted", acceptedBy: member.userId, updatedAt: at })
            .add({ version: 1 })
            .where(
              (attr, op) =>
                `${op.eq(attr.status, "pending")} AND ${op.eq(attr.tokenHash, input.tokenHash)} AND ${op.gt(attr.expiresAt, nowSeconds)}`,
            )
            .commit(),
          tx.membership.create({ ...member, searchText: memberSearchText(member) }).commit(),
          ...(newIdentity
            ? [
                tx.identifier
                  .create({
                    kind: "email",
                    value: newIdentity.email,
                    userId: newIdentity.userId,
                    cognitoUsername: newIdentity.cognitoUsername,
                  })
                  .commit(),
                tx.user
                  .create(
                    defined({
                      userId: newIdentity.userId,
                      cognitoUsername: newIdentity.cognitoUsername,
                      email: newIdentity.email,
                      fullName: newIdentity.fullName,
                      locale: newIdentity.locale,
                      emailVerified: true,
                      phone: newIdentity.phone,
                      phoneStatus: newIdentity.phone ? ("unconfirmed" as const) : undefined,
                      createdAt: at,
                      updatedAt: at,
                    }),
                  )
                  .commit(),
              ]
            : []),
          tx.linkToken.delete({ tokenHash: input.tokenHash }).commit(),
          tx.pendingInvitee.delete({ accountId: inv.accountId, email: inv.email }).commit(),
          // The first owner of a partner-created account: exactly one, whoever accepts first.
          ...(inv.role === "owner"
            ? [
                tx.account
                  .patch({ accountId: inv.accountId })
                  .set({ ownerUserId: member.userId, updatedAt: at })
                  .add({ version: 1 })
                  .where((attr, op) => `${op.notExists(attr.ownerUserId)} AND ${op.eq(attr.status, "active")}`)
                  .commit(),
              ]
            : []),
          ...(inv.resources ?? []).map((grant) =>
            tx.resourceAccess
              .put({
                accountId: inv.accountId,
                resourceId: grant.resourceId,
                userId: member.userId,
                level: grant.level,
                grantedBy: inv.invitedBy,
                updatedAt: at,
              })
              .commit(),
          ),
          ...(inv.subaccountIds ?? []).map((subaccountId) =>
            tx.subaccountGrant
              .put({
                parentAccountId: inv.accountId,
                userId: member.userId,
                subaccountId,
                grantedBy: inv.invitedBy,
                createdAt: at,
              })
              .commit(),
          ),
          ...auditAndEvents(tx, input),
        ]),
        (cancelled) => {
          if (cancelled.failedCondition(0)) return new InvitationConflict("not_pending");
          if (cancelled.failedCondition(1)) return new InvitationConflict("already_member");
          if (newIdentity && cancelled.failedCondition(2)) return new InvitationConflict("email_taken");
          // A lost race elsewhere in the transaction (e.g. another owner got there first) means the link is spent.
          if (cancelled.conflicted || cancelled.anyConditionFailed) return new InvitationConflict("not_pending");
          return undefined;
        },
      );
    },
  };
};
