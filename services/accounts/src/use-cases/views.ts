import { avatarUrlOf } from "../../../../shared/src/profile/avatar-url.ts";
import type { Member, Resource } from "../adapters/table-accounts-store.ts";
import type { Access, AccountFacts } from "../domain/access.ts";
import { shapeOf } from "../domain/access.ts";
import { effectiveRights, RIGHTS } from "../domain/rights.ts";

/** How an account is shown to someone with access to it. */
export const accountView = (
  account: AccountFacts & { billingAccountId?: string; createdAt?: string; updatedAt?: string },
  access: Access,
) => ({
  accountId: account.accountId,
  name: account.name,
  kind: account.kind,
  parentAccountId: account.parentAccountId ?? null,
  managedBy: account.managedBy ?? null,
  delegation: account.managedBy ? { enabled: Boolean(account.delegationEnabled) } : null,
  billingAccountId: account.billingAccountId ?? account.accountId,
  settings: { adminsCanGrantAdmin: account.adminsCanGrantAdmin },
  createdAt: account.createdAt ?? null,
  updatedAt: account.updatedAt ?? null,
  myAccess: {
    role: access.role,
    via: access.via,
    rights: RIGHTS.filter((right) => access.rights.has(right)),
  },
});

/** `avatarBaseUrl`: the stage's public avatar base (`AVATAR_PUBLIC_BASE_URL`). */
export const memberView = (member: Member, account: AccountFacts, avatarBaseUrl: string) => ({
  userId: member.userId,
  fullName: member.fullName,
  email: member.email ?? null,
  login: member.login ?? null,
  avatarUrl: avatarUrlOf(avatarBaseUrl, member.avatarKey),
  role: member.role,
  status: member.status,
  rights: RIGHTS.filter((right) => effectiveRights(member.role, member.rightsOverrides, shapeOf(account)).has(right)),
  rightsOverrides: member.rightsOverrides ?? {},
  addedBy: member.addedBy,
  createdAt: member.createdAt,
  updatedAt: member.updatedAt,
});

export const resourceView = (resource: Resource, myLevel: string) => ({
  resourceId: resource.resourceId,
  type: resource.type,
  name: resource.name,
  settings: resource.settings ?? {},
  myLevel,
  createdBy: resource.createdBy,
  createdAt: resource.createdAt,
  updatedAt: resource.updatedAt,
});
