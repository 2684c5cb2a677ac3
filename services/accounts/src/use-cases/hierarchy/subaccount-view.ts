/** A sub-account as its parent sees it; billing rolls up to the parent unless set otherwise. */
export const subaccountView = (account: {
  accountId: string;
  name: string;
  externalId?: string;
  parentAccountId?: string;
  billingAccountId?: string;
}) => ({
  accountId: account.accountId,
  name: account.name,
  externalId: account.externalId ?? null,
  parentAccountId: account.parentAccountId ?? null,
  billingAccountId: account.billingAccountId ?? account.parentAccountId ?? account.accountId,
});
