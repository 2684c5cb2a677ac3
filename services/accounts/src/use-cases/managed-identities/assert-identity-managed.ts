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
 * Owners' identities are changed by the provider only. A user who belongs only where the caller is
 * a direct admin costs one Query (their memberships); `known` passes a profile read already.
 */
export const assertIdentityManaged = async (
  deps: AccountsDependencies,
  access: Access,
  targetUserId: string,
  known?: { identity: IdentitySummary | undefined },
): Promise<{ identity: IdentitySummary; accountIds: string[] }> => {
  if (access.via === "host") throw notManaged();
  const [targetMemberships, identity] = await Promise.all([
    deps.members.membershipsOf(targetUserId),
    known ? known.identity : deps.identities.getProfile(targetUserId),
  ]);
  if (!identity) throw problem.notFound("No such member in this account.");
  if (targetMemberships.some((m) => m.role === "owner")) throw notManaged();
  // The resolver found the caller an active, live direct member here: an admin here needs no other read for this account.
  const administersHere = access.via === "member" && isPrivileged(access.role);
  const elsewhere = targetMemberships.filter((m) => !(administersHere && m.accountId === access.account.accountId));
  if (elsewhere.length > 0) await assertAdministers(deps, access.userId, elsewhere);
  return { identity, accountIds: targetMemberships.map((m) => m.accountId) };
};

/** Each of `memberships`' accounts is one the caller administers, directly or as its parent's admin. */
const assertAdministers = async (
  deps: AccountsDependencies,
  callerUserId: string,
  memberships: Array<{ accountId: string }>,
) => {
  const [callerMemberships, accounts] = await Promise.all([
    // A membership suspended with a client's delegation administers nothing.
    deps.members.membershipsOf(callerUserId).then((found) => liveMemberships(deps, found)),
    deps.accounts.accountsByIds(memberships.map((m) => m.accountId)),
  ]);
  const administered = new Set(
    callerMemberships.filter((m) => m.status === "active" && isPrivileged(m.role)).map((m) => m.accountId),
  );
  const parentOf = new Map(accounts.map((a) => [a.accountId, a.parentAccountId]));
  for (const { accountId } of memberships) {
    const parent = parentOf.get(accountId);
    if (!administered.has(accountId) && !(parent && administered.has(parent))) throw notManaged();
  }
};
