import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { rateLimitBucket } from "../../../../../shared/src/rate-limit/fixed-window-limiter.ts";
import { auditEntry } from "../../domain/audit.ts";
import type { Invitation } from "../../domain/invitation.ts";
import { requireRight, resolveAccess } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { invitationMessage, issueInvitationLink } from "../invitations/invitation-message.ts";
import { partnerReportEvents } from "./partner-report-events.ts";

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
  // The inviter and the owner's address have known keys: they ride in the access check's BatchGetItem.
  const reads = deps.access.coalesced();
  const [access, { inviter, inviteeUserId: existingOwnerId }] = await Promise.all([
    resolveAccess({ access: reads }, caller.auth.userId, partnerId),
    reads.peopleOf({ invitedBy: caller.auth.userId, email: input.ownerEmail }),
  ]);
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
  const link = issueInvitationLink(deps, now);
  const invitation: Invitation = {
    accountId,
    invitationId: deps.newId(),
    email: input.ownerEmail,
    role: "owner",
    ...(input.ownerFullName ? { fullName: input.ownerFullName } : {}),
    status: "pending",
    tokenHash: link.tokenHash,
    expiresAt: link.expiresAtSeconds,
    invitedBy: caller.auth.userId,
    // The partner invites the client's owner; owners are never suspended with delegation.
    addedVia: "host",
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const actor = { type: "user" as const, userId: caller.auth.userId };
  const existingOwner = existingOwnerId ? await deps.identities.getProfile(existingOwnerId) : undefined;
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
        data: await invitationMessage(deps, {
          invitation,
          accountName: input.name,
          inviter,
          invitee: existingOwner,
          invitingAccountName: access.account.name,
          // A new account has no resources yet: the owner will administer whatever it gets.
          applications: [],
          link,
        }),
      }),
      // The partner is the account the access check read.
      ...(await partnerReportEvents(deps, managed, "created", now, actor, access.account)),
    ],
  });
  return {
    accountId,
    name: input.name,
    managedBy: partnerId,
    delegation: { enabled: true },
    ownerInvitation: {
      invitationId: invitation.invitationId,
      email: input.ownerEmail,
      expiresAt: link.expiresAt.toISOString(),
      link: link.url,
    },
  };
};
