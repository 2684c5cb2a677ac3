import { authContextFromClaims } from "../../../../shared/src/auth/auth-context.ts";
import { hashLinkToken, newLinkToken } from "../../../../shared/src/crypto/link-token.ts";
import { SEAL_PURPOSE } from "../../../../shared/src/crypto/secret-sealer.ts";
import { outboxItem } from "../../../../shared/src/events/outbox.ts";
import { preferredLanguage } from "../../../../shared/src/http/accept-language.ts";
import type { RequestMeta } from "../../../../shared/src/http/middleware.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import { type Locale, localeSchema } from "../../../../shared/src/http/schemas.ts";
import { assertAcceptablePassword } from "../../../../shared/src/identity/password-policy.ts";
import { rateLimitBucket } from "../../../../shared/src/rate-limit/fixed-window-limiter.ts";
import { type Access, addedViaOf, type ResourceLevel, shapeOf } from "../domain/access.ts";
import { auditEntry } from "../domain/audit.ts";
import { type Invitation, InvitationConflict, type InvitedRole } from "../domain/invitation.ts";
import type { Member } from "../domain/member.ts";
import { type Right, rightApplies } from "../domain/rights.ts";
import { authorize } from "./access/resolve-access.ts";
import { assertMayGrantRole } from "./access/role-grants.ts";
import type { AccountsDependencies, Caller } from "./dependencies.ts";
import { partnerReportEvents } from "./hierarchy.ts";
import { newUserPhoneEvents } from "./managed-identities/new-user-phone.ts";
import { invitedApplications } from "./resources/invited-applications.ts";

export interface InvitationInput {
  email: string;
  role: InvitedRole;
  fullName?: string;
  rights?: Partial<Record<Right, boolean>>;
  resources?: Array<{ resourceId: string; level: ResourceLevel }>;
  subaccounts?: string[];
}

const linkGone = () =>
  problem.gone(
    "invitation_unusable",
    "This invitation link has expired, was already used or was revoked; ask for a new one.",
  );
const invitationNotFound = () => problem.notFound("No such invitation in this account.");

const statusOf = (invitation: Invitation, nowSeconds: number) =>
  invitation.status === "pending" && invitation.expiresAt <= nowSeconds ? "expired" : invitation.status;

export const invitationView = (invitation: Invitation, nowSeconds: number) => ({
  invitationId: invitation.invitationId,
  email: invitation.email,
  role: invitation.role,
  fullName: invitation.fullName ?? null,
  status: statusOf(invitation, nowSeconds),
  expiresAt: new Date(invitation.expiresAt * 1000).toISOString(),
  invitedBy: invitation.invitedBy,
  acceptedBy: invitation.acceptedBy ?? null,
  createdAt: invitation.createdAt,
});

const linkFor = (deps: AccountsDependencies, token: string) => {
  const url = new URL("/invitations/accept", deps.config.APP_BASE_URL);
  url.searchParams.set("token", token);
  return url.toString();
};

/** Checks what the invitation would grant against what the inviter may grant. */
const assertGrantable = async (deps: AccountsDependencies, access: Access, input: InvitationInput) => {
  assertMayGrantRole(access, input.role);
  const shape = shapeOf(access.account);
  for (const [right, on] of Object.entries(input.rights ?? {}) as Array<[Right, boolean]>) {
    if (!rightApplies(right, shape)) {
      throw problem.unprocessable("right_not_applicable", `The right "${right}" does not exist in this account.`);
    }
    if (on && !access.rights.has(right)) throw problem.forbidden("cannot_grant_right", `You cannot grant "${right}".`);
  }
  if (input.subaccounts && input.subaccounts.length > 0) {
    if (access.account.parentAccountId) {
      throw problem.unprocessable("subaccount_depth", "A sub-account has no sub-accounts to grant.");
    }
    const found = await deps.accounts.accountsByIds(input.subaccounts);
    const valid = new Set(
      found
        .filter((a) => a.parentAccountId === access.account.accountId && a.status === "active")
        .map((a) => a.accountId),
    );
    const missing = input.subaccounts.filter((id) => !valid.has(id));
    if (missing.length > 0) {
      throw problem.unprocessable("subaccount_not_found", `Not sub-accounts of this account: ${missing.join(", ")}.`);
    }
  }
};

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
  const access = await authorize(deps, caller.auth.userId, accountId, "members.manage");
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
  await assertGrantable(deps, access, input);

  const existingUserId = await deps.identities.findUserIdByEmail(input.email);
  const [existingMember, invitee, inviter, resources] = await Promise.all([
    existingUserId ? deps.members.getMember(accountId, existingUserId) : Promise.resolve(undefined),
    existingUserId ? deps.identities.getProfile(existingUserId) : Promise.resolve(undefined),
    deps.identities.getProfile(caller.auth.userId),
    deps.resources.resourcesByIds(
      accountId,
      (input.resources ?? []).map((r) => r.resourceId),
    ),
  ]);
  if (existingMember) throw problem.conflict("already_member", "This person is already a member of this account.");
  const byId = new Map(resources.map((r) => [r.resourceId, r]));
  const missing = (input.resources ?? []).filter((r) => !byId.has(r.resourceId));
  if (missing.length > 0) {
    throw problem.unprocessable(
      "resource_not_found",
      `No such resources: ${missing.map((r) => r.resourceId).join(", ")}.`,
    );
  }

  const now = deps.now();
  const token = newLinkToken();
  const expiresAt = new Date(now.getTime() + deps.config.INVITATION_TTL_DAYS * 86_400_000);
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
    tokenHash: hashLinkToken(token),
    expiresAt: Math.floor(expiresAt.getTime() / 1000),
    invitedBy: caller.auth.userId,
    addedVia: addedViaOf(access),
    version: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  const message = {
    accountId,
    invitationId: invitation.invitationId,
    email: input.email,
    ...(input.fullName ? { fullName: input.fullName } : {}),
    role: input.role,
    accountName: access.account.name,
    inviterName: inviter?.fullName ?? "A colleague",
    locale: invitee?.locale ?? inviter?.locale ?? "en",
    resources: await invitedApplications(deps, accountId, input.role, input.resources ?? []),
    invitationToken: await deps.sealer.seal(token, SEAL_PURPOSE.invitation),
    expiresAt: expiresAt.toISOString(),
  };
  try {
    await deps.invitations.create({
      invitation,
      audit: [
        auditEntry({
          accountId,
          action: "invitation.created",
          access,
          target: { type: "invitation", id: invitation.invitationId },
          changes: {
            role: input.role,
            resources: input.resources?.length ?? 0,
            subaccounts: input.subaccounts?.length ?? 0,
          },
          meta: caller.meta,
          now,
        }),
      ],
      events: [
        outboxItem({
          type: "InvitationCreated",
          now,
          accountId,
          actor: { type: "user", userId: caller.auth.userId },
          data: message,
        }),
      ],
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
  return { ...invitationView(invitation, Math.floor(now.getTime() / 1000)), link: linkFor(deps, token) };
};

export const listInvitations = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  query: { limit: number; cursor?: string; status?: "pending" | "accepted" | "revoked" | "expired" },
) => {
  await authorize(deps, caller.auth.userId, accountId, "members.manage");
  const nowSeconds = Math.floor(deps.now().getTime() / 1000);
  const page = await deps.invitations.list(accountId, { ...query, nowSeconds });
  return { items: page.items.map((i) => invitationView(i, nowSeconds)), nextCursor: page.nextCursor };
};

/** A new link for a pending invitation (also one that expired): the previous link stops working and the email goes again. */
export const regenerateInvitation = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  invitationId: string,
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "members.manage");
  const invitation = await deps.invitations.get(accountId, invitationId);
  if (!invitation) throw invitationNotFound();
  if (invitation.status !== "pending") {
    throw problem.conflict("invitation_not_pending", `This invitation was ${invitation.status}; create a new one.`);
  }
  const now = deps.now();
  const token = newLinkToken();
  const expiresAt = new Date(now.getTime() + deps.config.INVITATION_TTL_DAYS * 86_400_000);
  const [inviter, invitee] = await Promise.all([
    deps.identities.getProfile(invitation.invitedBy),
    deps.identities.findUserIdByEmail(invitation.email).then((id) => (id ? deps.identities.getProfile(id) : undefined)),
  ]);
  try {
    await deps.invitations.regenerate({
      invitation,
      tokenHash: hashLinkToken(token),
      expiresAt: Math.floor(expiresAt.getTime() / 1000),
      now,
      audit: [
        auditEntry({
          accountId,
          action: "invitation.regenerated",
          access,
          target: { type: "invitation", id: invitationId },
          meta: caller.meta,
          now,
        }),
      ],
      events: [
        outboxItem({
          type: "InvitationRegenerated",
          now,
          accountId,
          actor: { type: "user", userId: caller.auth.userId },
          data: {
            accountId,
            invitationId,
            email: invitation.email,
            ...(invitation.fullName ? { fullName: invitation.fullName } : {}),
            role: invitation.role,
            accountName: access.account.name,
            inviterName: inviter?.fullName ?? "A colleague",
            locale: invitee?.locale ?? inviter?.locale ?? "en",
            resources: await invitedApplications(deps, accountId, invitation.role, invitation.resources ?? []),
            invitationToken: await deps.sealer.seal(token, SEAL_PURPOSE.invitation),
            expiresAt: expiresAt.toISOString(),
          },
        }),
      ],
    });
  } catch (error) {
    if (error instanceof InvitationConflict)
      throw problem.conflict("invitation_not_pending", "This invitation changed meanwhile.");
    throw error;
  }
  const regenerated = { ...invitation, expiresAt: Math.floor(expiresAt.getTime() / 1000) };
  return { ...invitationView(regenerated, Math.floor(now.getTime() / 1000)), link: linkFor(deps, token) };
};

export const revokeInvitation = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  invitationId: string,
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "members.manage");
  const invitation = await deps.invitations.get(accountId, invitationId);
  if (!invitation) throw invitationNotFound();
  const now = deps.now();
  try {
    await deps.invitations.revoke({
      invitation,
      now,
      audit: [
        auditEntry({
          accountId,
          action: "invitation.revoked",
          access,
          target: { type: "invitation", id: invitationId },
          meta: caller.meta,
          now,
        }),
      ],
      events: [
        outboxItem({
          type: "InvitationRevoked",
          now,
          accountId,
          actor: { type: "user", userId: caller.auth.userId },
          data: { accountId, invitationId },
        }),
      ],
    });
  } catch (error) {
    if (error instanceof InvitationConflict) {
      throw problem.conflict("invitation_not_pending", `This invitation was already ${invitation.status}.`);
    }
    throw error;
  }
};

/** The invitation a link stands for, if the link still works. */
const usableInvitation = async (deps: AccountsDependencies, token: string) => {
  const tokenHash = hashLinkToken(token);
  const invitation = await deps.invitations.findByToken(tokenHash);
  const nowSeconds = Math.floor(deps.now().getTime() / 1000);
  if (!invitation || invitation.tokenHash !== tokenHash || statusOf(invitation, nowSeconds) !== "pending")
    throw linkGone();
  const [account] = await deps.accounts.accountsByIds([invitation.accountId]);
  if (!account || account.status !== "active") throw linkGone();
  return { invitation, tokenHash, account };
};

/** Public preview of an invitation link: what the person is being invited to. */
export const previewInvitation = async (deps: AccountsDependencies, token: string) => {
  const { invitation, account } = await usableInvitation(deps, token);
  const [inviter, existingUserId] = await Promise.all([
    deps.identities.getProfile(invitation.invitedBy),
    deps.identities.findUserIdByEmail(invitation.email),
  ]);
  return {
    accountName: account.name,
    inviterName: inviter?.fullName ?? null,
    role: invitation.role,
    email: invitation.email,
    userExists: Boolean(existingUserId),
    status: "pending" as const,
    expiresAt: new Date(invitation.expiresAt * 1000).toISOString(),
  };
};

export interface AcceptInput {
  password?: string;
  fullName?: string;
  phone?: string;
  locale?: Locale;
}

/**
 * A new user's language: what they chose on the accept form, else what their browser asks for,
 * else the inviter's (who chose the language the invitation was written in), else English.
 */
const newUserLocale = async (
  deps: AccountsDependencies,
  invitation: Invitation,
  chosen: Locale | undefined,
  acceptLanguage: string | undefined,
): Promise<Locale> =>
  chosen ??
  preferredLanguage(acceptLanguage, localeSchema.options) ??
  (await deps.identities.getProfile(invitation.invitedBy))?.locale ??
  "en";

/**
 * Accepting a link. A signed-in user whose email matches joins with their existing identity; a
 * new person sets a password (the link proves the email). Either way one transaction, conditional
 * on the invitation still pending with this link, so a link yields at most one membership.
 */
export const acceptInvitation = async (
  deps: AccountsDependencies,
  token: string,
  input: AcceptInput | undefined,
  request: { authorization: string | undefined; acceptLanguage?: string | undefined; meta: RequestMeta },
) => {
  const claims = request.authorization ? await deps.verifyAccessToken(request.authorization) : undefined;
  if (request.authorization && !claims)
    throw problem.unauthenticated("invalid_token", "The bearer token is not valid; sign in again.");
  const auth = claims ? authContextFromClaims(claims) : undefined;
  const { invitation, tokenHash, account } = await usableInvitation(deps, token);
  const now = deps.now();
  const at = now.toISOString();

  const memberFrom = (identity: {
    userId: string;
    fullName: string;
    email: string;
    login?: string;
    avatarKey?: string;
  }): Member => ({
    accountId: invitation.accountId,
    userId: identity.userId,
    role: invitation.role,
    status: "active",
    ...(invitation.rightsOverrides ? { rightsOverrides: invitation.rightsOverrides } : {}),
    fullName: identity.fullName,
    email: identity.email,
    ...(identity.login ? { login: identity.login } : {}),
    // An existing user's avatar shows in the new account at once (later changes come by ProfileUpdated).
    ...(identity.avatarKey ? { avatarKey: identity.avatarKey } : {}),
    addedBy: invitation.invitedBy,
    ...(invitation.addedVia ? { addedVia: invitation.addedVia } : {}),
    version: 1,
    createdAt: at,
    updatedAt: at,
  });
  const writeAcceptance = async (
    member: Member,
    newUser: boolean,
    newIdentity?: Parameters<typeof deps.invitations.accept>[0]["newIdentity"],
  ) => {
    const actorAccess = {
      userId: member.userId,
      via: "member",
      membership: { accountId: invitation.accountId },
    } as Access;
    await deps.invitations.accept({
      invitation,
      tokenHash,
      member,
      ...(newIdentity ? { newIdentity } : {}),
      now,
      audit: [
        auditEntry({
          accountId: invitation.accountId,
          action: "invitation.accepted",
          access: actorAccess,
          target: { type: "invitation", id: invitation.invitationId },
          changes: { role: invitation.role, newUser },
          meta: request.meta,
          now,
        }),
      ],
      events: [
        outboxItem({
          type: "InvitationAccepted",
          now,
          accountId: invitation.accountId,
          actor: { type: "user", userId: member.userId },
          data: {
            accountId: invitation.accountId,
            invitationId: invitation.invitationId,
            userId: member.userId,
            role: invitation.role,
            newUser,
          },
        }),
        outboxItem({
          type: "MemberAdded",
          now,
          accountId: invitation.accountId,
          actor: { type: "user", userId: member.userId },
          data: { accountId: invitation.accountId, userId: member.userId, role: invitation.role },
        }),
        ...(invitation.role === "owner"
          ? await partnerReportEvents(deps, account, "owner_joined", now, { type: "user", userId: member.userId })
          : []),
        ...(newIdentity ? newUserPhoneEvents(newIdentity, member.userId, now) : []),
      ],
    });
  };
  const conflictProblem = (error: unknown): never => {
    if (error instanceof InvitationConflict) {
      if (error.reason === "already_member")
        throw problem.conflict("already_member", "You are already a member of this account.");
      if (error.reason === "email_taken")
        throw problem.conflict("user_exists", "An account with this email exists: sign in, then accept.");
      throw linkGone();
    }
    throw error;
  };

  if (auth) {
    if (input?.password !== undefined) {
      throw problem.invalid("Signed in: accept without a password.", [
        { path: "body.password", message: "not expected when signed in" },
      ]);
    }
    const profile = await deps.identities.getProfile(auth.userId);
    if (!profile?.email || profile.email !== invitation.email) {
      throw problem.forbidden(
        "email_mismatch",
        "This invitation was sent to another email address; sign in with that one.",
      );
    }
    try {
      await writeAcceptance(memberFrom({ ...profile, email: profile.email }), false);
    } catch (error) {
      conflictProblem(error);
    }
    deps.metrics.count("invitationsAccepted");
    return { accountId: invitation.accountId, userId: auth.userId, role: invitation.role };
  }

  if (!input?.password) {
    throw problem.invalid("Set a password to create your account, or sign in to accept as an existing user.", [
      { path: "body.password", message: "required for a new user" },
    ]);
  }
  if (await deps.identities.findUserIdByEmail(invitation.email)) {
    throw problem.conflict("user_exists", "An account with this email exists: sign in, then accept.");
  }
  assertAcceptablePassword(input.password, [invitation.email], "body.password");
  const cognitoUsername = deps.newId().toLowerCase();
  const { userId } = await deps.identity.createUser({
    username: cognitoUsername,
    email: invitation.email,
    password: input.password,
  });
  const fullName = input.fullName ?? invitation.fullName ?? invitation.email.split("@")[0] ?? invitation.email;
  try {
    await writeAcceptance(memberFrom({ userId, fullName, email: invitation.email }), true, {
      userId,
      cognitoUsername,
      email: invitation.email,
      fullName,
      locale: await newUserLocale(deps, invitation, input.locale, request.acceptLanguage),
      ...(input.phone ? { phone: input.phone } : {}),
    });
  } catch (error) {
    await deps.identity.deleteUser(cognitoUsername);
    conflictProblem(error);
  }
  deps.metrics.count("invitationsAccepted");
  await deps.identity.markEmailVerified(cognitoUsername, invitation.email);
  return { accountId: invitation.accountId, userId, role: invitation.role };
};
