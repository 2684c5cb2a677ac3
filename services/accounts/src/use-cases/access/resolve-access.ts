import { problem } from "../../../../../shared/src/http/problem.ts";
import {
  type Access,
  type AccountFacts,
  resolveDirect,
  resolveViaHost,
  resolveViaParent,
  suspendedWithDelegation,
  type Via,
} from "../../domain/access.ts";
import type { Right } from "../../domain/rights.ts";
import type { Role } from "../../domain/roles.ts";
import type { AccessFacts, CoalescedReadOptions } from "../../ports/access-facts.ts";
import type { AccountsDependencies } from "../dependencies.ts";

/**
 * The caller's effective access to an account (SPEC section 4), resolved before any data is
 * touched. One round trip for a direct member (account + membership in one batch read), one
 * more for access through a parent or a managing partner (or to check the delegation that a
 * member added through host access depends on). No access is a 404, so the account's
 * existence is not revealed.
 */
export const resolveAccess = async (
  deps: Pick<AccountsDependencies, "access">,
  userId: string,
  accountId: string,
): Promise<Access> => {
  const { account, membership } = await deps.access.loadAccountAndMembership(accountId, userId);
  if (!account || account.status !== "active") throw problem.notFound();
  // A membership added through host access counts only while the client delegates; a suspended
  // one is as if absent (the partner is locked out, whichever way it got in).
  const direct =
    membership?.addedVia === "host" && suspendedWithDelegation(membership, await governingAccount(deps, account))
      ? undefined
      : membership;
  const outcome = resolveDirect(userId, account, direct);
  if (outcome.kind === "access") return outcome.access;
  if (outcome.kind === "disabled") {
    throw problem.forbidden("member_disabled", "Your membership of this account is disabled; ask its administrators.");
  }
  if (account.parentAccountId) {
    const parent = await deps.access.loadParentFacts(account.parentAccountId, userId, accountId);
    const parentMembership =
      parent.membership && suspendedWithDelegation(parent.membership, parent.parent) ? undefined : parent.membership;
    const access = resolveViaParent(userId, account, parentMembership, parent.hasGrant);
    if (access) return access;
  } else if (account.managedBy && account.delegationEnabled) {
    const hostMembership = await deps.access.getMember(account.managedBy, userId);
    const live =
      hostMembership?.addedVia === "host"
        ? !suspendedWithDelegation(hostMembership, (await deps.access.accountsByIds([account.managedBy]))[0])
        : true;
    const access = resolveViaHost(userId, account, live ? hostMembership : undefined);
    if (access) return access;
  }
  throw problem.notFound();
};

/**
 * The top-level account whose delegation governs memberships added through host access in
 * `account`: itself, or a sub-account's parent (read only when one of `members` needs it).
 */
export const governingAccount = async (
  deps: Pick<AccountsDependencies, "access">,
  account: AccountFacts,
  members: ReadonlyArray<{ addedVia?: Via }> = [{ addedVia: "host" }],
): Promise<AccountFacts | undefined> =>
  account.parentAccountId && members.some((m) => m.addedVia === "host")
    ? (await deps.access.accountsByIds([account.parentAccountId]))[0]
    : account;

/**
 * Memberships minus those suspended with their client's delegation, for code that reads a user's
 * memberships without the resolver (switcher, identity-management checks). At most two batch
 * reads, and none when no membership was added through host access; `known` accounts (read
 * already) are not read again.
 */
export const liveMemberships = async <M extends { accountId: string; role: Role; addedVia?: Via }>(
  deps: Pick<AccountsDependencies, "access">,
  memberships: M[],
  known: AccountFacts[] = [],
): Promise<M[]> => {
  const hostAdded = memberships.filter((m) => m.addedVia === "host");
  if (hostAdded.length === 0) return memberships;
  const byId = new Map(known.map((a) => [a.accountId, a]));
  const readMissing = async (accountIds: string[]) => {
    const missing = [...new Set(accountIds)].filter((id) => !byId.has(id));
    if (missing.length === 0) return;
    for (const account of await deps.access.accountsByIds(missing)) byId.set(account.accountId, account);
  };
  await readMissing(hostAdded.map((m) => m.accountId));
  await readMissing(hostAdded.flatMap((m) => byId.get(m.accountId)?.parentAccountId ?? []));
  const governing = (accountId: string) => {
    const account = byId.get(accountId);
    return account?.parentAccountId ? byId.get(account.parentAccountId) : account;
  };
  return memberships.filter((m) => !suspendedWithDelegation(m, governing(m.accountId)));
};

export const requireRight = (access: Access, right: Right): void => {
  if (!access.rights.has(right)) {
    throw problem.forbidden("missing_right", `This needs the right "${right}", which you do not have in this account.`);
  }
};

/** Resolves access and demands one right: the opening line of most account use cases. */
export const authorize = async (
  deps: Pick<AccountsDependencies, "access">,
  userId: string,
  accountId: string,
  right: Right,
): Promise<Access> => {
  const access = await resolveAccess(deps, userId, accountId);
  requireRight(access, right);
  return access;
};

/**
 * `authorize` with the route's target read in the same BatchGetItem as the caller's facts (a
 * direct member's whole check and read: one round trip). The target is read before access is
 * known, and shown only once it is.
 */
export const authorizeWith = async <T>(
  deps: Pick<AccountsDependencies, "access">,
  userId: string,
  accountId: string,
  right: Right,
  target: (reads: AccessFacts) => Promise<T>,
  options?: CoalescedReadOptions,
): Promise<{ access: Access; target: T }> => {
  const reads = deps.access.coalesced(options);
  const [access, found] = await Promise.all([authorize({ access: reads }, userId, accountId, right), target(reads)]);
  return { access, target: found };
};
