import { problem } from "../../../../../shared/src/http/problem.ts";
import { assertAcceptablePassword } from "../../../../../shared/src/identity/password-policy.ts";
import { addedViaOf } from "../../domain/access.ts";
import type { Member } from "../../domain/member.ts";
import type { Role } from "../../domain/roles.ts";
import { WriteConflict } from "../../domain/write-conflict.ts";
import { authorize, governingAccount } from "../access/resolve-access.ts";
import { assertMayGrantRole, assertRoleNeedsNoMissingEmail } from "../access/role-grants.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { recordedChange } from "../recorded-change.ts";
import { memberView } from "../views.ts";
import { newUserPhoneEvents } from "./new-user-phone.ts";

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
  const recorded = recordedChange({
    caller,
    access,
    accountId,
    action: "member.created",
    target: { type: "member", id: userId },
    changes: { role: input.role, managed: true },
    now,
    events: [{ type: "MemberAdded", data: { accountId, userId, role: input.role } }],
  });
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
      audit: recorded.audit,
      events: [
        ...recorded.events,
        ...newUserPhoneEvents(
          { userId, fullName: input.fullName, locale: "en", phone: input.phone },
          caller.auth.userId,
          now,
        ),
      ],
    });
  } catch (error) {
    // The Cognito user exists only for this member: take it back whatever went wrong.
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
