import { problem } from "../../../../../shared/src/http/problem.ts";
import { rateLimitBucket } from "../../../../../shared/src/rate-limit/fixed-window-limiter.ts";
import { addedViaOf, type ResourceLevel } from "../../domain/access.ts";
import { type Invitation, InvitationConflict, type InvitedRole } from "../../domain/invitation.ts";
import type { Right } from "../../domain/rights.ts";
import { authorizeWith } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { recordedChange } from "../recorded-change.ts";
import { invitedApplications } from "../resources/invited-applications.ts";
import { assertGrantable } from "./grantable.ts";
import { invitationMessage, issueInvitationLink } from "./invitation-message.ts";
import { invitationView } from "./invitation-view.ts";

export interface InvitationInput {
  email: string;
  role: InvitedRole;
  fullName?: string;
  rights?: Partial<Record<Right, boolean>>;
  resources?: Array<{ resourceId: string; level: ResourceLevel }>;
  subaccounts?: string[];
}

/**
 * Invites someone by email:
 * 1. rate limits per account and per inviter; the inviter must be able to grant all of it;
 * 2. an existing member is a 409, and so is a second pending invitation for the same address;
 * 3. one transaction writes the invitation, its link token (hash only), the audit entry and the
 *    event that makes notify email the link (sealed) in the invitee's, else the inviter's, locale.
 */
export const createInvitation = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  input: InvitationInput,
) => {
  // The inviter, the invited address's login record and the resources and sub-accounts the request
  // names have known keys: they ride in the access check's BatchGetItem (read, not shown, before it decides).
  const {
    access,
    target: [{ inviter, inviteeUserId }, resources, namedSubaccounts],
  } = await authorizeWith(deps, caller.auth.userId, accountId, "members.manage", (reads) =>
    Promise.all([
      reads.peopleOf({ invitedBy: caller.auth.userId, email: input.email }),
      reads.resourcesByIds(
        accountId,
        (input.resources ?? []).map((r) => r.resourceId),
      ),
      reads.accountsByIds(input.subaccounts ?? []),
    ]),
  );
  await deps.rateLimiter.consume({
    bucket: rateLimitBucket("invitations:account", accountId),
    limit: deps.config.INVITATIONS_PER_ACCOUNT_PER_HOUR,
    windowSeconds: 3600,
  });
  await deps.rateLimiter.consume({
    bucket: rateLimitBucket("invitations:inviter", caller.auth.userId),
    limit: deps.config.INVITATIONS_PER_INVITER_PER_HOUR,
    windowSeconds: 3600,
  });
  assertGrantable(access, input, namedSubaccounts);
  const invitee = inviteeUserId ? await deps.invitations.standingOf(accountId, inviteeUserId) : undefined;
  if (invitee?.isMember) throw problem.conflict("already_member", "This person is already a member of this account.");
  const byId = new Map(resources.map((r) => [r.resourceId, r]));
  const missing = (input.resources ?? []).filter((r) => !byId.has(r.resourceId));
  if (missing.length > 0) {
    throw problem.unprocessable(
      "resource_not_found",
      `No such resources: ${missing.map((r) => r.resourceId).join(", ")}.`,
    );
  }

  const now = deps.now();
  const link = issueInvitationLink(deps, now);
  const invitation: Invitation = {
    accountId,
    invitationId: deps.newId(),
    email: input.email,
    role: input.role,
    ...(input.fullName ? { fullName: input.fullName } : {}),
    ...(input.rights ? { rightsOverrides: input.rights } : {}),
    ...(input.resources?.length ? { resources: input.resources } : {}),
    ...(input.subaccounts?.length ? { subaccountIds: input.subaccounts } : {}),
    status: "pending",
    tokenHash: link.tokenHash,
    expiresAt: link.expiresAtSeconds,
    invitedBy: caller.auth.userId,
    addedVia: addedViaOf(access),
    version: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  const message = await invitationMessage(deps, {
    invitation,
    accountName: access.account.name,
    inviter,
    invitee: invitee?.profile,
    applications: await invitedApplications(deps, accountId, input.role, input.resources ?? [], resources),
    link,
  });
  try {
    await deps.invitations.create({
      invitation,
      ...recordedChange({
        caller,
        access,
        accountId,
        action: "invitation.created",
        target: { type: "invitation", id: invitation.invitationId },
        changes: {
          role: input.role,
          resources: input.resources?.length ?? 0,
          subaccounts: input.subaccounts?.length ?? 0,
        },
        now,
        events: [{ type: "InvitationCreated", data: message }],
      }),
    });
  } catch (error) {
    if (error instanceof InvitationConflict && error.reason === "already_invited") {
      throw problem.conflict(
        "already_invited",
        "This address already has a pending invitation; regenerate its link instead.",
      );
    }
    if (error instanceof InvitationConflict && error.reason === "resource_missing") {
      throw problem.unprocessable("resource_not_found", "A resource was deleted meanwhile.");
    }
    throw error;
  }
  return { ...invitationView(invitation, Math.floor(now.getTime() / 1000)), link: link.url };
};
