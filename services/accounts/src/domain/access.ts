import { type AccountShape, effectiveRights, type Right, type RightsOverrides } from "./rights.ts";
import { isPrivileged, type Role } from "./roles.ts";

/** How a user reaches an account (SPEC section 4). */
export type Via = "member" | "parent" | "subaccount-grant" | "host";
export type ResourceLevel = "view" | "use" | "administer";
export type EffectiveRole = Role | "host-admin" | "host-viewer";

export interface AccountFacts {
  accountId: string;
  name: string;
  kind: "standard" | "partner";
  status: "active" | "deleted";
  parentAccountId?: string;
  managedBy?: string;
  delegationEnabled?: boolean;
  adminsCanGrantAdmin: boolean;
  ownerUserId?: string;
  billingAccountId?: string;
  externalId?: string;
  createdAt?: string;
  updatedAt?: string;
  version: number;
  /**
   * Counts the changes of a top-level account's sub-account links; its deletion is conditional on
   * it. Top-level accounts start at 0; absent on accounts created before the count existed.
   */
  subaccountsVersion?: number;
}

/**
 * Whether a top-level account may have sub-accounts, so its links are worth a Query: an account
 * whose count of sub-account changes is still 0 never had one. Absent (an account older than the
 * count) could have some.
 */
export const mayHaveSubaccounts = (account: Pick<AccountFacts, "parentAccountId" | "subaccountsVersion">) =>
  !account.parentAccountId && account.subaccountsVersion !== 0;

export interface MembershipFacts {
  accountId: string;
  userId: string;
  role: Role;
  status: "active" | "disabled";
  rightsOverrides?: RightsOverrides;
  /** How whoever added the member reached the account (absent: the account's own people). */
  addedVia?: Via;
  version: number;
}

/** A user's effective access to one account. */
export interface Access {
  userId: string;
  account: AccountFacts;
  via: Via;
  role: EffectiveRole;
  rights: ReadonlySet<Right>;
  /** Level on resources without an explicit grant; owners/admins administer everything, viewers see it. */
  resourceDefault: ResourceLevel | "none";
  /** The membership behind the access: in this account (member) or in the parent/host. */
  membership: MembershipFacts;
  /** For host access, the partner account acting. */
  hostAccountId?: string;
}

export const shapeOf = (account: AccountFacts): AccountShape => ({
  kind: account.kind,
  isSubaccount: Boolean(account.parentAccountId),
});

const HOST_ADMIN_RIGHTS: ReadonlySet<Right> = new Set([
  "account.read",
  "members.read",
  "members.manage",
  "resources.read",
]);
const HOST_VIEWER_RIGHTS: ReadonlySet<Right> = new Set(["account.read", "members.read", "resources.read"]);

export const defaultResourceLevel = (role: EffectiveRole): ResourceLevel | "none" => {
  if (isPrivileged(role)) return "administer";
  if (role === "viewer" || role === "host-admin" || role === "host-viewer") return "view";
  return "none";
};

export type DirectOutcome = { kind: "access"; access: Access } | { kind: "disabled" } | { kind: "none" };

/** Rule 1: an active direct membership decides; a disabled one denies without falling through. */
export const resolveDirect = (
  userId: string,
  account: AccountFacts,
  membership: MembershipFacts | undefined,
): DirectOutcome => {
  if (!membership) return { kind: "none" };
  if (membership.status !== "active") return { kind: "disabled" };
  return {
    kind: "access",
    access: {
      userId,
      account,
      via: "member",
      role: membership.role,
      rights: effectiveRights(membership.role, membership.rightsOverrides, shapeOf(account)),
      resourceDefault: defaultResourceLevel(membership.role),
      membership,
    },
  };
};

/**
 * Rule 2: a parent's owner/admin administers every sub-account (irrevocably); other parent
 * members enter the sub-accounts they were granted, with their parent role and overrides.
 */
export const resolveViaParent = (
  userId: string,
  account: AccountFacts,
  parentMembership: MembershipFacts | undefined,
  hasGrant: boolean,
): Access | undefined => {
  if (!parentMembership || parentMembership.status !== "active") return undefined;
  const shape = shapeOf(account);
  if (isPrivileged(parentMembership.role)) {
    return {
      userId,
      account,
      via: "parent",
      role: "admin",
      rights: effectiveRights("admin", undefined, shape),
      resourceDefault: "administer",
      membership: parentMembership,
    };
  }
  if (!hasGrant) return undefined;
  return {
    userId,
    account,
    via: "subaccount-grant",
    role: parentMembership.role,
    rights: effectiveRights(parentMembership.role, parentMembership.rightsOverrides, shape),
    resourceDefault: defaultResourceLevel(parentMembership.role),
    membership: parentMembership,
  };
};

/** Rule 3: members of the managing partner, while delegation is on: owner/admin manage members, others view. */
export const resolveViaHost = (
  userId: string,
  account: AccountFacts,
  hostMembership: MembershipFacts | undefined,
): Access | undefined => {
  if (!account.managedBy || !account.delegationEnabled) return undefined;
  if (!hostMembership || hostMembership.status !== "active") return undefined;
  const role: EffectiveRole = isPrivileged(hostMembership.role) ? "host-admin" : "host-viewer";
  return {
    userId,
    account,
    via: "host",
    role,
    rights: role === "host-admin" ? HOST_ADMIN_RIGHTS : HOST_VIEWER_RIGHTS,
    resourceDefault: "view",
    membership: hostMembership,
    hostAccountId: account.managedBy,
  };
};

const LEVEL_RANK: Record<ResourceLevel | "none", number> = { none: 0, view: 1, use: 2, administer: 3 };
export const levelAtLeast = (level: ResourceLevel | "none", required: ResourceLevel) =>
  LEVEL_RANK[level] >= LEVEL_RANK[required];

/** A member's level on one resource: an explicit grant wins over the role default. */
export const resourceLevelFor = (
  access: Access,
  explicit: ResourceLevel | "none" | undefined,
): ResourceLevel | "none" => {
  // Owners and admins always administer: their access cannot be narrowed per resource.
  if (access.resourceDefault === "administer") return "administer";
  return explicit ?? access.resourceDefault;
};

/**
 * How a membership or invitation the caller creates now was added. Access through a managing
 * partner is `host`, and so is anything done by a member who was themselves added through host
 * access: otherwise a partner could launder its access through one hop.
 */
export const addedViaOf = (access: Access): Via =>
  access.via === "host" || access.membership.addedVia === "host" ? "host" : access.via;

/**
 * A membership created through host access lives only while the client delegates (SPEC 4 rule 3):
 * it is suspended whenever the top-level account it is governed by (the account itself, or a
 * sub-account's parent) is not managed with delegation on. Derived from the account item at every
 * read, so no write can miss it and no race can leave one unsuspended. The owner never is: the
 * owner is who decides delegation.
 */
export const suspendedWithDelegation = (
  membership: { addedVia?: Via; role: Role },
  governing: Pick<AccountFacts, "managedBy" | "delegationEnabled"> | undefined,
): boolean =>
  membership.addedVia === "host" &&
  membership.role !== "owner" &&
  !(governing?.managedBy && governing.delegationEnabled);
