import { problem } from "../../../../../shared/src/http/problem.ts";
import { type Access, shapeOf } from "../../domain/access.ts";
import { needsEmail, type Role, roleApplies, roleRank } from "../../domain/roles.ts";

/** Roles that act for the account must be reachable by email (password resets, security notices). */
export const assertRoleNeedsNoMissingEmail = (role: Role, email: string | undefined) => {
  if (needsEmail(role) && !email) {
    throw problem.unprocessable("email_required", "Owners, admins and operators must have an email address.");
  }
};

/**
 * Nobody grants a role they do not hold: admins make admins only while the account allows it
 * (`adminsCanGrantAdmin`), partners acting as host never do, and `operator` exists in partner accounts only.
 */
export const assertMayGrantRole = (access: Access, role: Role) => {
  if (role === "owner") {
    throw problem.unprocessable("owner_transfer_required", "Ownership moves only by owner transfer.");
  }
  if (!roleApplies(role, shapeOf(access.account))) {
    throw problem.unprocessable("role_not_available", `The ${role} role exists only in partner accounts.`);
  }
  const callerRole = access.role;
  if (role === "admin") {
    const allowed = callerRole === "owner" || (callerRole === "admin" && access.account.adminsCanGrantAdmin);
    if (!allowed) throw problem.forbidden("cannot_grant_role", "You cannot make other members admins in this account.");
    return;
  }
  if (callerRole === "host-admin" || callerRole === "host-viewer") return;
  if (roleRank(callerRole) < roleRank(role)) {
    throw problem.forbidden("cannot_grant_role", `You cannot grant the ${role} role.`);
  }
};
