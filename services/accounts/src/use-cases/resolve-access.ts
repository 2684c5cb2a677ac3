import { problem } from "../../../../shared/src/http/problem.ts";
import { type Access, resolveDirect, resolveViaHost, resolveViaParent } from "../domain/access.ts";
import type { Right } from "../domain/rights.ts";
import type { AccountsDependencies } from "./dependencies.ts";

/**
 * The caller's effective access to an account (SPEC section 4), resolved before any data is
 * touched. One round trip for a direct member (account + membership in one batch read), one
 * more for access through a parent or a managing partner. No access is a 404, so the account's
 * existence is not revealed.
 */
export const resolveAccess = async (
  deps: Pick<AccountsDependencies, "store">,
  userId: string,
  accountId: string,
): Promise<Access> => {
  const { account, membership } = await deps.store.loadAccountAndMembership(accountId, userId);
  if (!account || account.status !== "active") throw problem.notFound();
  const direct = resolveDirect(userId, account, membership);
  if (direct.kind === "access") return direct.access;
  if (direct.kind === "disabled") {
    throw problem.forbidden("member_disabled", "Your membership of this account is disabled; ask its administrators.");
  }
  if (account.parentAccountId) {
    const parent = await deps.store.loadParentFacts(account.parentAccountId, userId, accountId);
    const access = resolveViaParent(userId, account, parent.membership, parent.hasGrant);
    if (access) return access;
  } else if (account.managedBy && account.delegationEnabled) {
    const access = resolveViaHost(userId, account, await deps.store.getMember(account.managedBy, userId));
    if (access) return access;
  }
  throw problem.notFound();
};

export const requireRight = (access: Access, right: Right): void => {
  if (!access.rights.has(right)) {
    throw problem.forbidden("missing_right", `This needs the right "${right}", which you do not have in this account.`);
  }
};

/** Resolves access and demands one right: the opening line of most account use cases. */
export const authorize = async (
  deps: Pick<AccountsDependencies, "store">,
  userId: string,
  accountId: string,
  right: Right,
): Promise<Access> => {
  const access = await resolveAccess(deps, userId, accountId);
  requireRight(access, right);
  return access;
};
