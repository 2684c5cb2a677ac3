import { problem } from "../../../../../shared/src/http/problem.ts";
import type { Access } from "../../domain/access.ts";
import type { IdentitySummary } from "../../domain/identity.ts";
import { isPrivileged } from "../../domain/roles.ts";
import { liveMemberships } from "../access/resolve-access.ts";
import type { AccountsDependencies } from "../dependencies.ts";

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
