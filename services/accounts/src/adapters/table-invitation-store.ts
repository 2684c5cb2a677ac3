import type { OutboxEntry } from "../../../../shared/src/events/outbox.ts";
import { defined } from "../../../../shared/src/table/defined.ts";
import {
  memberSearchText,
  type TableService,
  type TransactionEntities,
} from "../../../../shared/src/table/entities.ts";
import { checkedCursor } from "../../../../shared/src/table/pagination.ts";
import { commit, TransactionCancelled } from "../../../../shared/src/table/transactions.ts";
import type { ResourceLevel, Via } from "../domain/access.ts";
import type { AuditEntry } from "../domain/audit.ts";
import type { RightsOverrides } from "../domain/rights.ts";
import type { Member, Page } from "./table-accounts-store.ts";

export type InvitedRole = "owner" | "admin" | "standard" | "viewer" | "operator";

export interface Invitation {
  accountId: string;
  invitationId: string;
  email: string;
  role: InvitedRole;
  fullName?: string;
  rightsOverrides?: RightsOverrides;
  resources?: Array<{ resourceId: string; level: ResourceLevel }>;
  subaccountIds?: string[];
  status: "pending" | "accepted" | "revoked";
  tokenHash: string;
  expiresAt: number;
  invitedBy: string;
  /** How the inviter reached the account; the membership made on acceptance inherits it. */
  addedVia?: Via;
  acceptedBy?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Why an invitation write was refused. */
export class InvitationConflict extends Error {
  override name = "InvitationConflict";
  constructor(
    readonly reason: "already_invited" | "not_pending" | "already_member" | "email_taken" | "resource_missing",
  ) {
    super(reason);
  }
}

/**
 * The items of a new pending invitation: the per-email claim (first, so a duplicate fails at
 * index 0), the invitation and its link token (hash only).
 */
export const pendingInvitationWrites = (tx: TransactionEntities, inv: Invitation) => [
  tx.pendingInvitee.create({ accountId: inv.accountId, email: inv.email, invitationId: inv.invitationId }).commit(),
  tx.invitation.create(defined(inv)).commit(),
  tx.linkToken
    .create({
      tokenHash: inv.tokenHash,
      purpose: "invitation",
      accountId: inv.accountId,
      invitationId: inv.invitationId,
      expiresAt: inv.expiresAt,
    })
    .commit(),
];

/** The identity created when a new person accepts: the users service's items, verified by the link itself. */
export interface NewInviteeIdentity {
  userId: string;
  cognitoUsername: string;
  email: string;
  fullName: string;
  locale: "en" | "ru" | "pl";
  phone?: string;
}

/**
 * Invitations on the single table. A link is a token item pointing at its invitation; the
 * invitation remembers the hash of its current link, so regenerating makes every earlier link
 * fail, and accepting is one transaction conditional on the invitation still being pending
 * with that link — two concurrent accepts cannot both succeed.
 */
export const tableInvitationStore = (table: TableService) => {
  const { invitation, linkToken } = table.entities;
  const auditAndEvents = (tx: TransactionEntities, audit: AuditEntry[], events: OutboxEntry[]) => [
    ...audit.map((entry) => tx.auditEntry.create(entry).commit()),
    ...events.map((event) => tx.outboxEvent.create(event).commit()),
  ];

  return {
    async create(input: { invitation: Invitation; audit: AuditEntry[]; events: OutboxEntry[] }) {
      const { invitation: inv } = input;
      try {
        await commit(
          table.transaction.write((tx) => [
            ...pendingInvitationWrites(tx, inv),
            ...(inv.resources ?? []).map((grant) =>
              tx.resource
                .check({ accountId: inv.accountId, resourceId: grant.resourceId })
                .where((attr, op) => op.exists(attr.name))
                .commit(),
            ),
            ...auditAndEvents(tx, input.audit, input.events),
          ]),
        );
      } catch (error) {
        if (error instanceof TransactionCancelled) {
          if (error.failedCondition(0)) throw new InvitationConflict("already_invited");
          const resourceChecks = (inv.resources ?? []).map((_, i) => i + 3);
          if (resourceChecks.some((i) => error.failedCondition(i))) throw new InvitationConflict("resource_missing");
        }
        throw error;
      }
    },

    async get(accountId: string, invitationId: string): Promise<Invitation | undefined> {
      const { data } = await invitation.get({ accountId, invitationId }).go();
      return data ? (defined(data) as Invitation) : undefined;
    },

    /** The invitation a link points at, if the link is an invitation link. */
    async findByToken(tokenHash: string): Promise<Invitation | undefined> {
      const { data } = await linkToken.get({ tokenHash }).go();
      if (data?.purpose !== "invitation" || !data.accountId || !data.invitationId) return undefined;
      return this.get(data.accountId, data.invitationId);
    },

    async list(
      accountId: string,
      query: {
        limit: number;
        cursor?: string;
        status?: "pending" | "accepted" | "revoked" | "expired";
        nowSeconds: number;
      },
    ): Promise<Page<Invitation>> {
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
      return { items: page.data.map((item) => defined(item) as Invitation), nextCursor: page.cursor };
    },

    /** A new link: the new token replaces the current one on the invitation, the old token item goes. */
    async regenerate(input: {
      invitation: Invitation;
      tokenHash: string;
      expiresAt: number;
      now: Date;
      audit: AuditEntry[];
      events: OutboxEntry[];
    }) {
      const { invitation: inv } = input;
      try {
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
                expiresAt: input.expiresAt,
              })
              .commit(),
            ...auditAndEvents(tx, input.audit, input.events),
          ]),
        );
      } catch (error) {
        if (error instanceof TransactionCancelled && error.failedCondition(0))
          throw new InvitationConflict("not_pending");
        throw error;
      }
    },

    async revoke(input: { invitation: Invitation; now: Date; audit: AuditEntry[]; events: OutboxEntry[] }) {
      const { invitation: inv } = input;
      try {
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
            ...auditAndEvents(tx, input.audit, input.events),
          ]),
        );
      } catch (error) {
        if (error instanceof TransactionCancelled && error.failedCondition(0))
          throw new InvitationConflict("not_pending");
        throw error;
      }
    },

    /**
     * Acceptance in one transaction: the invitation (still pending, this link), the membership
     * (must not exist), its resource and sub-account grants, and for a new person the identity
     * with the email verified by the link.
     */
    async accept(input: {
      invitation: Invitation;
      tokenHash: string;
      member: Member;
      newIdentity?: NewInviteeIdentity;
      now: Date;
      audit: AuditEntry[];
      events: OutboxEntry[];
    }) {
      const { invitation: inv, member, newIdentity } = input;
      const at = input.now.toISOString();
      const nowSeconds = Math.floor(input.now.getTime() / 1000);
      try {
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
            ...auditAndEvents(tx, input.audit, input.events),
          ]),
        );
      } catch (error) {
        if (error instanceof TransactionCancelled) {
          if (error.failedCondition(0)) throw new InvitationConflict("not_pending");
          if (error.failedCondition(1)) throw new InvitationConflict("already_member");
          if (newIdentity && error.failedCondition(2)) throw new InvitationConflict("email_taken");
          // A lost race elsewhere in the transaction (e.g. another owner got there first) means the link is spent.
          if (error.conflicted || error.codes.includes("ConditionalCheckFailed"))
            throw new InvitationConflict("not_pending");
        }
        throw error;
      }
    },
  };
};

export type InvitationStore = ReturnType<typeof tableInvitationStore>;
