import { problem } from "../../../../../shared/src/http/problem.ts";
import { type Access, type AccountFacts, shapeOf } from "../../domain/access.ts";
import type { InvitedRole } from "../../domain/invitation.ts";
import { type Right, rightApplies } from "../../domain/rights.ts";
import { assertMayGrantRole } from "../access/role-grants.ts";

/**
 * Checks what the invitation would grant against what the inviter may grant; `namedSubaccounts`
 * are the accounts among `input.subaccounts` that exist, read with the access check.
 */
export const assertGrantable = (
  access: Access,
  input: { role: InvitedRole; rights?: Partial<Record<Right, boolean>>; subaccounts?: string[] },
  namedSubaccounts: AccountFacts[],
) => {
  assertMayGrantRole(access, input.role);
  const shape = shapeOf(access.account);
  for (const [right, on] of Object.entries(input.rights ?? {}) as Array<[Right, boolean]>) {
    if (!rightApplies(right, shape)) {
      throw problem.unprocessable("right_not_applicable", `The right "${right}" does not exist in this account.`);
    }
    if (on && !access.rights.has(right)) throw problem.forbidden("cannot_grant_right", `You cannot grant "${right}".`);
  }
  if (input.subaccounts && input.subaccounts.length > 0) {
    if (access.account.parentAccountId) {
      throw problem.unprocessable("subaccount_depth", "A sub-account has no sub-accounts to grant.");
    }
    const valid = new Set(
      namedSubaccounts
        .filter((a) => a.parentAccountId === access.account.accountId && a.status === "active")
        .map((a) => a.accountId),
    );
    const missing = input.subaccounts.filter((id) => !valid.has(id));
    if (missing.length > 0) {
      throw problem.unprocessable("subaccount_not_found", `Not sub-accounts of this account: ${missing.join(", ")}.`);
    }
  }
};
