import { avatarUrlOf } from "../../../../shared/src/profile/avatar-url.ts";
import type { Access, AccountFacts } from "../domain/access.ts";
import { shapeOf, suspendedWithDelegation } from "../domain/access.ts";
import type { Member } from "../domain/member.ts";
import type { Resource } from "../domain/resource.ts";
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

/**
 * How a member is shown. `avatarBaseUrl` is the stage's public avatar base (`AVATAR_PUBLIC_BASE_URL`);
 * `governing` is the account whose delegation a member added through host access depends on (the
 * account itself, or a sub-account's parent; see `governingAccount`).
 */
export const memberView = (
  member: Member,
  account: AccountFacts,
  avatarBaseUrl: string,
  governing: AccountFacts | undefined = account,
) => ({
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
  addedVia: member.addedVia ?? "member",
  /** Added through a managing partner while the client does not delegate: no access until it does again. */
  suspended: suspendedWithDelegation(member, governing),
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
