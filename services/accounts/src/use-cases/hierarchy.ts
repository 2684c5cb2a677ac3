import { hashLinkToken, newLinkToken } from "../../../../shared/src/crypto/link-token.ts";
import { SEAL_PURPOSE } from "../../../../shared/src/crypto/secret-sealer.ts";
import type { OutboxEntry } from "../../../../shared/src/events/outbox.ts";
import { outboxItem } from "../../../../shared/src/events/outbox.ts";
import type { Actor } from "../../../../shared/src/events/registry.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import { versionedUpdate } from "../../../../shared/src/http/versioned-update.ts";
import { rateLimitBucket } from "../../../../shared/src/rate-limit/fixed-window-limiter.ts";
import { type AccountFacts, shapeOf } from "../domain/access.ts";
import { auditEntry } from "../domain/audit.ts";
import type { Invitation } from "../domain/invitation.ts";
import { effectiveRights } from "../domain/rights.ts";
import { isPrivileged } from "../domain/roles.ts";
import { WriteConflict } from "../domain/write-conflict.ts";
import { authorize, requireRight, resolveAccess } from "./access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "./dependencies.ts";

export type PartnerReport = "created" | "owner_joined" | "delegation_disabled" | "deleted";

/**
 * The event that makes notify email a partner's report recipients (members holding
 * `partner.reports.receive`) about one of its managed accounts; none when nobody receives reports.
 */
export const partnerReportEvents = async (
  deps: Pick<AccountsDependencies, "accounts" | "members">,
  managed: { accountId: string; name: string; managedBy?: string },
  report: PartnerReport,
  now: Date,
  actor: Actor,
): Promise<OutboxEntry[]> => {
  if (!managed.managedBy) return [];
  const [[partner], members] = await Promise.all([
    deps.accounts.accountsByIds([managed.managedBy]),
    deps.members.allMembers(managed.managedBy),
  ]);
  if (!partner || partner.status !== "active" || partner.kind !== "partner") return [];
  const recipients = members
    .filter(
      (m) =>
        m.status === "active" &&
        m.email &&
        effectiveRights(m.role, m.rightsOverrides, shapeOf(partner)).has("partner.reports.receive"),
    )
    .map((m) => ({ userId: m.userId, email: m.email as string, fullName: m.fullName }));
  if (recipients.length === 0) return [];
  return [
    outboxItem({
      type: "PartnerReportDue",
      now,
      accountId: partner.accountId,
      actor,
      data: {
        partnerAccountId: partner.accountId,
        partnerName: partner.name,
        managedAccountId: managed.accountId,
        managedAccountName: managed.name,
        report,
        recipients,
      },
    }),
  ];
};

/** A sub-account of a top-level account: name and an external id unique under that parent; billing rolls up. */
export const createSubaccount = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  input: { name: string; externalId: string },
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "account.read");
  if (access.account.parentAccountId) {
    throw problem.unprocessable("subaccount_depth", "A sub-account cannot have sub-accounts of its own.");
  }
  requireRight(access, "subaccounts.manage");
  const now = deps.now();
  const at = now.toISOString();
  const child = {
    accountId: deps.newId(),
    name: input.name,
    kind: "standard" as const,
    status: "active" as const,
    parentAccountId: accountId,
    externalId: input.externalId,
    billingAccountId: access.account.billingAccountId ?? accountId,
    adminsCanGrantAdmin: access.account.adminsCanGrantAdmin,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const actor = { type: "user" as const, userId: caller.auth.userId };
  try {
    await deps.hierarchy.createSubaccount({
      account: child,
      now,
      audit: [
        auditEntry({
          accountId,
          action: "subaccount.created",
          access,
          target: { type: "account", id: child.accountId },
          changes: { externalId: input.externalId },
          meta: caller.meta,
          now,
        }),
        auditEntry({
          accountId: child.accountId,
          action: "account.created",
          access,
          target: { type: "account", id: child.accountId },
          meta: caller.meta,
          now,
        }),
      ],
      events: [
        outboxItem({
          type: "AccountCreated",
          now,
          accountId: child.accountId,
          actor,
          data: { accountId: child.accountId, name: child.name, kind: "standard", parentAccountId: accountId },
        }),
      ],
    });
  } catch (error) {
    if (error instanceof WriteConflict && error.reason === "exists") {
      throw problem.conflict("external_id_taken", "Another sub-account of this account has this external id.");
    }
    if (error instanceof WriteConflict) throw problem.notFound();
    throw error;
  }
  return subaccountView(child);
};

const subaccountView = (account: {
  accountId: string;
  name: string;
  externalId?: string;
  parentAccountId?: string;
  billingAccountId?: string;
}) => ({
  accountId: account.accountId,
  name: account.name,
  externalId: account.externalId ?? null,
  parentAccountId: account.parentAccountId ?? null,
  billingAccountId: account.billingAccountId ?? account.parentAccountId ?? account.accountId,
});

/** Sub-accounts: all of them for those who manage sub-accounts, otherwise the ones the caller was granted. */
export const listSubaccounts = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  query: { limit: number; cursor?: string },
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "account.read");
  if (access.rights.has("subaccounts.manage")) {
    const page = await deps.hierarchy.listLinks(accountId, "sub", query.limit, query.cursor);
    return {
      items: page.items.map((link) => subaccountView({ ...link, parentAccountId: accountId })),
      nextCursor: page.nextCursor,
    };
  }
  const granted = new Set(await deps.hierarchy.subaccountGrantsOf(accountId, caller.auth.userId));
  const all = granted.size > 0 ? await deps.hierarchy.allLinks(accountId, "sub") : [];
  return {
    items: all
      .filter((link) => granted.has(link.accountId))
      .map((link) => subaccountView({ ...link, parentAccountId: accountId })),
    nextCursor: null,
  };
};

export const getSubaccountGrants = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  userId: string,
) => {
  await authorize(deps, caller.auth.userId, accountId, "members.read");
  const member = await deps.members.getMember(accountId, userId);
  if (!member) throw problem.notFound("No such member in this account.");
  if (isPrivileged(member.role)) {
    const all = await deps.hierarchy.allLinks(accountId, "sub");
    return { userId, allByRole: true, subaccountIds: all.map((link) => link.accountId) };
  }
  return {
    userId,
    allByRole: false,
    subaccountIds: (await deps.hierarchy.subaccountGrantsOf(accountId, userId)).sort(),
  };
};

/** Sets exactly which sub-accounts a parent member may enter; owners and admins enter all of them, always. */
export const setSubaccountGrants = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  userId: string,
  subaccountIds: string[],
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "subaccounts.manage");
  const wanted = new Set(subaccountIds);
  if (wanted.size > 0) {
    const found = await deps.accounts.accountsByIds([...wanted]);
    const valid = new Set(
      found.filter((a) => a.parentAccountId === accountId && a.status === "active").map((a) => a.accountId),
    );
    const unknown = [...wanted].filter((id) => !valid.has(id));
    if (unknown.length > 0)
      throw problem.unprocessable("subaccount_not_found", `Not sub-accounts of this account: ${unknown.join(", ")}.`);
  }
  // The grant set is computed from what was read, so the write is conditional on the member's version.
  return versionedUpdate(undefined, async () => {
    const member = await deps.members.getMember(accountId, userId);
    if (!member) throw problem.notFound("No such member in this account.");
    if (isPrivileged(member.role)) {
      throw problem.conflict(
        "parent_admin_access",
        "Owners and admins of the parent account always have access to every sub-account.",
      );
    }
    const current = new Set(await deps.hierarchy.subaccountGrantsOf(accountId, userId));
    const add = [...wanted].filter((id) => !current.has(id));
    const remove = [...current].filter((id) => !wanted.has(id));
    const now = deps.now();
    if (add.length > 0 || remove.length > 0) {
      await deps.hierarchy.setSubaccountGrants({
        parentAccountId: accountId,
        userId,
        memberVersion: member.version,
        add,
        remove,
        grantedBy: caller.auth.userId,
        now,
        audit: [
          auditEntry({
            accountId,
            action: "member.subaccounts_changed",
            access,
            target: { type: "member", id: userId },
            changes: { added: add, removed: remove },
            meta: caller.meta,
            now,
          }),
        ],
        events: [
          outboxItem({
            type: "SubaccountGrantsChanged",
            now,
            accountId,
            actor: { type: "user", userId: caller.auth.userId },
            data: { accountId, userId, subaccountIds: [...wanted].sort() },
          }),
        ],
      });
    }
    return { userId, allByRole: false, subaccountIds: [...wanted].sort() };
  });
};

/**
 * A partner creates a client account it manages (delegation on from the start) and invites the
 * client's owner by email; the owner becomes the account's one owner on accepting.
 */
export const createManagedAccount = async (
  deps: AccountsDependencies,
  caller: Caller,
  partnerId: string,
  input: { name: string; ownerEmail: string; ownerFullName?: string },
) => {
  const access = await resolveAccess(deps, caller.auth.userId, partnerId);
  if (access.account.kind !== "partner") {
    throw problem.unprocessable("not_partner", "Only partner accounts create managed accounts; ask your provider.");
  }
  requireRight(access, "partner.clients.manage");
  await deps.rateLimiter.consume({
    bucket: rateLimitBucket("invitations:inviter", caller.auth.userId),
    limit: deps.config.INVITATIONS_PER_INVITER_PER_HOUR,
    windowSeconds: 3600,
  });
  const now = deps.now();
  const at = now.toISOString();
  const accountId = deps.newId();
  const token = newLinkToken();
  const expiresAt = new Date(now.getTime() + deps.config.INVITATION_TTL_DAYS * 86_400_000);
  const invitation: Invitation = {
    accountId,
    invitationId: deps.newId(),
    email: input.ownerEmail,
    role: "owner",
    ...(input.ownerFullName ? { fullName: input.ownerFullName } : {}),
    status: "pending",
    tokenHash: hashLinkToken(token),
    expiresAt: Math.floor(expiresAt.getTime() / 1000),
    invitedBy: caller.auth.userId,
    // The partner invites the client's owner; owners are never suspended with delegation.
    addedVia: "host",
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const actor = { type: "user" as const, userId: caller.auth.userId };
  const [inviter, existingOwnerId] = await Promise.all([
    deps.identities.getProfile(caller.auth.userId),
    deps.identities.findUserIdByEmail(input.ownerEmail),
  ]);
  const ownerLocale = existingOwnerId ? (await deps.identities.getProfile(existingOwnerId))?.locale : undefined;
  const managed = { accountId, name: input.name, managedBy: partnerId };
  await deps.hierarchy.createManagedAccount({
    account: { ...managed, createdAt: at },
    ownerInvitation: invitation,
    audit: [
      auditEntry({
        accountId: partnerId,
        action: "managed_account.created",
        access,
        target: { type: "account", id: accountId },
        meta: caller.meta,
        now,
      }),
      auditEntry({
        accountId,
        action: "account.created",
        access: { ...access, via: "host", hostAccountId: partnerId },
        target: { type: "account", id: accountId },
        meta: caller.meta,
        now,
      }),
    ],
    events: [
      outboxItem({
        type: "AccountCreated",
        now,
        accountId,
        actor,
        data: { accountId, name: input.name, kind: "standard" },
      }),
      outboxItem({
        type: "InvitationCreated",
        now,
        accountId,
        actor,
        data: {
          accountId,
          invitationId: invitation.invitationId,
          email: input.ownerEmail,
          ...(input.ownerFullName ? { fullName: input.ownerFullName } : {}),
          role: "owner",
          accountName: input.name,
          inviterName: inviter?.fullName ?? access.account.name,
          locale: ownerLocale ?? inviter?.locale ?? "en",
          resources: [],
          invitationToken: await deps.sealer.seal(token, SEAL_PURPOSE.invitation),
          expiresAt: expiresAt.toISOString(),
        },
      }),
      ...(await partnerReportEvents(deps, managed, "created", now, actor)),
    ],
  });
  const link = new URL("/invitations/accept", deps.config.APP_BASE_URL);
  link.searchParams.set("token", token);
  return {
    accountId,
    name: input.name,
    managedBy: partnerId,
    delegation: { enabled: true },
    ownerInvitation: {
      invitationId: invitation.invitationId,
      email: input.ownerEmail,
      expiresAt: expiresAt.toISOString(),
      link: link.toString(),
    },
  };
};

export const listManagedAccounts = async (
  deps: AccountsDependencies,
  caller: Caller,
  partnerId: string,
  query: { limit: number; cursor?: string },
) => {
  const access = await authorize(deps, caller.auth.userId, partnerId, "account.read");
  if (access.account.kind !== "partner") throw problem.unprocessable("not_partner", "This account is not a partner.");
  const page = await deps.hierarchy.listLinks(partnerId, "managed", query.limit, query.cursor);
  const accounts = new Map(
    (await deps.accounts.accountsByIds(page.items.map((l) => l.accountId))).map((a) => [a.accountId, a]),
  );
  return {
    items: page.items.flatMap((link) => {
      const account = accounts.get(link.accountId);
      if (!account || account.status !== "active") return [];
      return [
        {
          accountId: link.accountId,
          name: link.name,
          delegation: { enabled: Boolean(account.delegationEnabled) },
          hasOwner: Boolean(account.ownerUserId),
        },
      ];
    }),
    nextCursor: page.nextCursor,
  };
};

/** The pointer in the parent's or partner's partition that belongs to an account, if any. */
export const linkOf = (account: AccountFacts & { externalId?: string }) => {
  if (account.parentAccountId) {
    return {
      parentAccountId: account.parentAccountId,
      relation: "sub" as const,
      childAccountId: account.accountId,
      ...(account.externalId ? { externalId: account.externalId } : {}),
    };
  }
  if (account.managedBy)
    return { parentAccountId: account.managedBy, relation: "managed" as const, childAccountId: account.accountId };
  return undefined;
};
