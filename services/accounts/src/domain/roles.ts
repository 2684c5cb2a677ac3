/** The five roles a membership can hold (SPEC section 3), and what sets some of them apart. */

export const ROLES = ["owner", "admin", "standard", "viewer", "operator"] as const;
export type Role = (typeof ROLES)[number];

/** Owners and admins: they administer the account, its members and (for a parent) its sub-accounts. */
export const isPrivileged = (role: string): boolean => role === "owner" || role === "admin";

/** Roles that act for others (owner, admin, operator) need an email address to be reachable. */
export const needsEmail = (role: Role): boolean => role === "owner" || role === "admin" || role === "operator";

/** Roles ordered by how much they may do; used for "nobody grants more than they hold". */
const ROLE_RANK: Record<Role, number> = { owner: 3, admin: 2, operator: 1, standard: 1, viewer: 0 };
export const roleRank = (role: Role) => ROLE_RANK[role];

/** Operators exist only in partner accounts. */
export const roleApplies = (role: Role, account: { kind: "standard" | "partner" }): boolean =>
  role !== "operator" || account.kind === "partner";
