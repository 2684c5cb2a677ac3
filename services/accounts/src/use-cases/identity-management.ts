import { hashLinkToken, newLinkToken } from "../../../../shared/src/crypto/link-token.ts";
import { SEAL_PURPOSE } from "../../../../shared/src/crypto/secret-sealer.ts";
import { outboxItem } from "../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import { assertAcceptablePassword } from "../../../../shared/src/identity/password-policy.ts";
import { type Access, addedViaOf } from "../domain/access.ts";
import { auditEntry } from "../domain/audit.ts";
import type { IdentitySummary } from "../domain/identity.ts";
import type { Member } from "../domain/member.ts";
import type { Role } from "../domain/roles.ts";
import { isPrivileged } from "../domain/roles.ts";
import { WriteConflict } from "../domain/write-conflict.ts";
import type { AccountsDependencies, Caller } from "./dependencies.ts";
import { newUserPhoneEvents } from "./new-user-phone.ts";
import { authorize, governingAccount, liveMemberships } from "./resolve-access.ts";
import { assertMayGrantRole, assertRoleNeedsNoMissingEmail } from "./role-grants.ts";
import { memberView } from "./views.ts";

const notManaged = () =>
  problem.forbidden(
    "identity_not_managed",
    "This person also belongs to accounts you do not administer: you can change their membership here, not their identity.",
  );

/**
 * Cross-tenant safety (SPEC section 3): an admin acts on a user's global identity only when every
 * account the user belongs to is one the admin administers (directly or as the parent's admin).
 * Owners' identities are changed by the provider only.
 */
export const assertIdentityManaged = async (
  deps: AccountsDependencies,
  access: Access,
  targetUserId: string,
): Promise<{ identity: IdentitySummary; accountIds: string[] }> => {
  if (access.via === "host") throw notManaged();
  const [targetMemberships, callerMemberships, identity] = await Promise.all([
    deps.members.membershipsOf(targetUserId),
    // A membership suspended with a client's delegation administers nothing.
    deps.members.membershipsOf(access.userId).then((memberships) => liveMemberships(deps, memberships)),
    deps.identities.getProfile(targetUserId),
  ]);
  if (!identity) throw problem.notFound("No such member in this account.");
  if (targetMemberships.some((m) => m.role === "owner")) throw notManaged();
  const administered = new Set(
    callerMemberships.filter((m) => m.status === "active" && isPrivileged(m.role)).map((m) => m.accountId),
  );
  const accounts = await deps.accounts.accountsByIds(targetMemberships.map((m) => m.accountId));
  const parentOf = new Map(accounts.map((a) => [a.accountId, a.parentAccountId]));
  for (const { accountId } of targetMemberships) {
    const parent = parentOf.get(accountId);
    if (!administered.has(accountId) && !(parent && administered.has(parent))) throw notManaged();
  }
  return { identity, accountIds: targetMemberships.map((m) => m.accountId) };
};

/** An admin-made reset link for someone whose identity they manage; optionally emailed too. */
export const createPasswordResetLink = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  userId: string,
  send: boolean,
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "members.manage");
  if (!(await deps.members.getMember(accountId, userId))) throw problem.notFound("No such member in this account.");
  const { identity } = await assertIdentityManaged(deps, access, userId);
  if (send && !identity.email) {
    throw problem.unprocessable("email_required", "This member has no email address; copy the link instead.");
  }
  const now = deps.now();
  const token = newLinkToken();
  const expiresAt = new Date(now.getTime() + deps.config.PASSWORD_RESET_TTL_MINUTES * 60_000);
  const link = new URL("/reset-password", deps.config.APP_BASE_URL);
  link.searchParams.set("token", token);
  await deps.identities.issueResetToken({
    tokenHash: hashLinkToken(token),
    userId,
    expiresAt: Math.floor(expiresAt.getTime() / 1000),
    audit: [
      auditEntry({
        accountId,
        action: "member.password_reset_link_created",
        access,
        target: { type: "user", id: userId },
        changes: { emailed: send },
        meta: caller.meta,
        now,
      }),
    ],
    events:
      send && identity.email
        ? [
            outboxItem({
              type: "PasswordResetRequested",
              now,
              accountId,
              actor: { type: "user", userId: caller.auth.userId },
              data: {
                userId,
                email: identity.email,
                fullName: identity.fullName,
                locale: identity.locale,
                resetToken: await deps.sealer.seal(token, SEAL_PURPOSE.passwordReset),
                resetExpiresAt: expiresAt.toISOString(),
              },
            }),
          ]
        : [],
  });
  return { link: link.toString(), expiresAt: expiresAt.toISOString() };
};

export interface ManagedUserInput {
  login: string;
  password: string;
  fullName: string;
  phone?: string;
  role: Role;
}

/**
 * A person without email, created by an admin with a login and password: a managed user of this
 * account. Roles that need email (admin, operator) are refused.
 */
export const createManagedUser = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  input: ManagedUserInput,
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "members.manage");
  assertRoleNeedsNoMissingEmail(input.role, undefined);
  assertMayGrantRole(access, input.role);
  assertAcceptablePassword(input.password, [input.login], "body.password");

  const now = deps.now();
  const cognitoUsername = deps.newId().toLowerCase();
  const { userId } = await deps.identity.createUser({ username: cognitoUsername, password: input.password });
  const at = now.toISOString();
  const member: Member = {
    accountId,
    userId,
    role: input.role,
    status: "active",
    fullName: input.fullName,
    login: input.login,
    addedBy: caller.auth.userId,
    addedVia: addedViaOf(access),
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await deps.identities.createManagedUser({
      profile: {
        userId,
        cognitoUsername,
        login: input.login,
        fullName: input.fullName,
        locale: "en",
        managedByAccountId: accountId,
        createdAt: at,
        ...(input.phone ? { phone: input.phone, phoneStatus: "unconfirmed" as const } : {}),
      },
      member,
      audit: [
        auditEntry({
          accountId,
          action: "member.created",
          access,
          target: { type: "member", id: userId },
          changes: { role: input.role, managed: true },
          meta: caller.meta,
          now,
        }),
      ],
      events: [
        outboxItem({
          type: "MemberAdded",
          now,
          accountId,
          actor: { type: "user", userId: caller.auth.userId },
          data: { accountId, userId, role: input.role },
        }),
        ...newUserPhoneEvents(
          { userId, fullName: input.fullName, locale: "en", phone: input.phone },
          caller.auth.userId,
          now,
        ),
      ],
    });
  } catch (error) {
    await deps.identity.deleteUser(cognitoUsername);
    if (error instanceof WriteConflict) throw problem.conflict("login_taken", "This login is taken; choose another.");
    throw error;
  }
  return memberView(
    member,
    access.account,
    deps.config.AVATAR_PUBLIC_BASE_URL,
    await governingAccount(deps, access.account, [member]),
  );
};
