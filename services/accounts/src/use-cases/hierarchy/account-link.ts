import type { AccountFacts } from "../../domain/access.ts";

/** The pointer in the parent's or partner's partition that belongs to an account, if any. */
export const linkOf = (account: AccountFacts & { externalId?: string }) => {
  if (account.parentAccountId) {
    return {
      parentAccountId: account.parentAccountId,
      relation: "sub" as const,
      childAccountId: account.accountId,
      ...(account.externalId ? { externalId: account.externalId } : {}),
    };
  }
  if (account.managedBy)
    return { parentAccountId: account.managedBy, relation: "managed" as const, childAccountId: account.accountId };
  return undefined;
};
