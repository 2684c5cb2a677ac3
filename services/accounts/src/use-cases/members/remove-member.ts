import { problem } from "../../../../../shared/src/http/problem.ts";
import { isPrivileged } from "../../domain/roles.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { explainConflict } from "../explain-conflict.ts";
import { assertIdentityManaged } from "../managed-identities/assert-identity-managed.ts";
import { recordedChange } from "../recorded-change.ts";
import { authorizeOnMember, memberConflict, ownerProtected } from "./member-problems.ts";

/**
 * Removes a member from the account. With `deleteUser`, an admin who manages the user's whole
 * identity also has the user deleted: their sign-in is blocked at once (same transaction, and
 * Cognito disables them), then the privacy service erases them everywhere (no grace).
 * The member is read strongly consistent with the caller's access: its grants counter, read before
 * the grants, makes the removal fail if a grant is written meanwhile (no grant outlives its member).
 */
export const removeMember = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  userId: string,
  deleteUser = false,
) => {
  const { access, member } = await authorizeOnMember(deps, caller, accountId, userId, "members.manage", {
    consistent: true,
  });
  if (member.role === "owner") throw ownerProtected();
  if (member.role === "admin" && !isPrivileged(access.role)) {
    throw problem.forbidden("cannot_grant_role", "Only owners and admins remove admins.");
  }
  const managed = deleteUser ? await assertIdentityManaged(deps, access, userId) : undefined;
  const now = deps.now();
  await explainConflict(
    deps.members.removeMember({
      accountId,
      userId,
      blockSignIn: deleteUser,
      counted: { grantsVersion: member.grantsVersion },
      now,
      ...recordedChange({
        caller,
        access,
        accountId,
        action: deleteUser ? "member.removed_and_user_deleted" : "member.removed",
        target: { type: "member", id: userId },
        now,
        events: [
          { type: "MemberRemoved", data: { accountId, userId } },
          deleteUser && {
            type: "UserDeletionRequested",
            data: { userId, accountId, requestedBy: caller.auth.userId },
          },
        ],
      }),
    }),
    memberConflict,
  );
  // Blocked in the table already (login and refresh check it); Cognito also revokes its tokens.
  if (managed) await deps.identity.disableUser(managed.identity.cognitoUsername);
};
