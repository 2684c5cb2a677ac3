import { authContextFromClaims } from "../../../../../shared/src/auth/auth-context.ts";
import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { preferredLanguage } from "../../../../../shared/src/http/accept-language.ts";
import type { RequestMeta } from "../../../../../shared/src/http/middleware.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { LOCALES, type Locale } from "../../../../../shared/src/http/schemas.ts";
import { assertAcceptablePassword } from "../../../../../shared/src/identity/password-policy.ts";
import type { Access } from "../../domain/access.ts";
import { auditEntry } from "../../domain/audit.ts";
import { InvitationConflict } from "../../domain/invitation.ts";
import type { Member } from "../../domain/member.ts";
import type { AccountsDependencies } from "../dependencies.ts";
import { partnerReportEvents } from "../hierarchy/partner-report-events.ts";
import { newUserPhoneEvents } from "../managed-identities/new-user-phone.ts";
import { linkGone } from "./invitation-view.ts";
import { peopleOfUsable, usableInvitation } from "./usable-invitation.ts";

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
const newUserLocale = (
  inviter: { locale: Locale } | undefined,
  chosen: Locale | undefined,
  acceptLanguage: string | undefined,
): Locale => chosen ?? preferredLanguage(acceptLanguage, LOCALES) ?? inviter?.locale ?? "en";

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
  const usable = await usableInvitation(deps, token, auth?.userId);
  const { invitation, tokenHash, account, reader } = usable;
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
    const profile = reader;
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
  const { inviter, inviteeUserId } = await peopleOfUsable(deps, usable);
  if (inviteeUserId) {
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
      locale: newUserLocale(inviter, input.locale, request.acceptLanguage),
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
