/** The fixed rights catalog and each role's defaults (SPEC section 3). */

import { ROLES, type Role } from "./roles.ts";

export const RIGHTS = [
  "account.read",
  "account.manage",
  "account.delete",
  "members.read",
  "members.manage",
  "resources.read",
  "resources.manage",
  "billing.read",
  "billing.manage",
  "support.use",
  "subaccounts.manage",
  "audit.read",
  "partner.clients.manage",
  "partner.reports.receive",
] as const;
export type Right = (typeof RIGHTS)[number];

export const isRight = (value: string): value is Right => (RIGHTS as readonly string[]).includes(value);

const rightDescriptions: Record<Right, string> = {
  "account.read": "See the account",
  "account.manage": "Change the account's name, settings and delegation",
  "account.delete": "Delete the account",
  "members.read": "See the members",
  "members.manage": "Add, invite, edit, disable and remove members and their rights",
  "resources.read": "List the resources you can access",
  "resources.manage": "Create, delete and grant access to resources",
  "billing.read": "See billing",
  "billing.manage": "Manage billing",
  "support.use": "Open support tickets and use Telegram support",
  "subaccounts.manage": "Create and manage sub-accounts (top-level accounts only)",
  "audit.read": "Read the audit log",
  "partner.clients.manage": "Create and manage client accounts (partner accounts only)",
  "partner.reports.receive": "Receive reports about client accounts (partner accounts only)",
};

const ALL = new Set<Right>(RIGHTS);
const BASE_READ: Right[] = ["account.read", "members.read", "resources.read"];

export const ROLE_DEFAULTS: Record<Role, ReadonlySet<Right>> = {
  owner: ALL,
  admin: ALL,
  standard: new Set([...BASE_READ, "support.use"]),
  viewer: new Set(BASE_READ),
  operator: new Set([...BASE_READ, "support.use", "partner.clients.manage", "partner.reports.receive"]),
};

/** What kind of account a right or role is evaluated in. */
export interface AccountShape {
  kind: "standard" | "partner";
  /** Sub-accounts have a parent; they cannot have sub-accounts of their own. */
  isSubaccount: boolean;
}

/** Rights that exist only for some accounts: partner rights in partners, sub-account rights top-level. */
export const rightApplies = (right: Right, account: AccountShape): boolean => {
  if (right.startsWith("partner.")) return account.kind === "partner";
  if (right === "subaccounts.manage") return !account.isSubaccount;
  return true;
};

/** `{right: true|false}` switches a right on or off for one member; absent = role default. */
export type RightsOverrides = Partial<Record<Right, boolean>>;

/** Effective rights = role defaults + overrides, limited to the rights the account has. Owners take no overrides. */
export const effectiveRights = (
  role: Role,
  overrides: RightsOverrides | undefined,
  account: AccountShape,
): Set<Right> => {
  const rights = new Set([...ROLE_DEFAULTS[role]].filter((right) => rightApplies(right, account)));
  if (role === "owner" || !overrides) return rights;
  for (const [right, on] of Object.entries(overrides) as Array<[Right, boolean]>) {
    if (!isRight(right) || !rightApplies(right, account)) continue;
    if (on) rights.add(right);
    else rights.delete(right);
  }
  return rights;
};

/** `GET /v1/rights`: the catalog and each role's defaults. */
export const rightsCatalog = () => ({
  rights: RIGHTS.map((right) => ({
    right,
    description: rightDescriptions[right],
    ...(right.startsWith("partner.") ? { appliesTo: "partner" as const } : {}),
    ...(right === "subaccounts.manage" ? { appliesTo: "top-level" as const } : {}),
  })),
  roles: ROLES.map((role) => ({
    role,
    ...(role === "operator" ? { appliesTo: "partner" as const } : {}),
    defaults: RIGHTS.filter((right) => ROLE_DEFAULTS[role].has(right)),
  })),
});
