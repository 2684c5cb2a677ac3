import { defaultResourceLevel, type ResourceLevel } from "../../domain/access.ts";
import type { Resource } from "../../domain/resource.ts";
import type { Role } from "../../domain/roles.ts";
import type { AccountsDependencies } from "../dependencies.ts";

/** How many of the resources a role default covers a member's view or an invitation email names at most. */
const REACHABLE_RESOURCE_LIMIT = 100;

/**
 * A role's level on a resource given an explicit grant: owners and admins always administer (as
 * `resourceLevelFor`); for the others a grant wins over the role's default.
 */
export const levelByRoleAndGrant = (role: Role, explicit: ResourceLevel | "none" | undefined) => {
  const roleDefault = defaultResourceLevel(role);
  return roleDefault === "administer" ? "administer" : (explicit ?? roleDefault);
};

/**
 * The resources a role reaches with its explicit grants (seed 001 "available applications"):
 * those its default covers (at most REACHABLE_RESOURCE_LIMIT) and the granted ones besides, each
 * with its level, hidden ones left out. The grants are read alongside the account's resources;
 * granted resources the caller read already (`known`) are not read again.
 */
export const reachableResources = async (
  deps: Pick<AccountsDependencies, "resources">,
  accountId: string,
  role: Role,
  grants: Promise<ReadonlyMap<string, ResourceLevel | "none">>,
  known: ReadonlyArray<Resource> = [],
): Promise<Array<{ resource: Resource; level: ResourceLevel }>> => {
  const [explicit, byRole] = await Promise.all([
    grants,
    defaultResourceLevel(role) === "none"
      ? Promise.resolve([])
      : deps.resources.listResources(accountId, REACHABLE_RESOURCE_LIMIT).then((page) => page.items),
  ]);
  const seen = new Set(byRole.map((r) => r.resourceId));
  const grantedIds = [...explicit]
    .filter(([id, level]) => !seen.has(id) && levelByRoleAndGrant(role, level) !== "none")
    .map(([id]) => id);
  const knownById = new Map(known.map((r) => [r.resourceId, r]));
  const grantedOnly = [
    ...grantedIds.flatMap((id) => knownById.get(id) ?? []),
    ...(await deps.resources.resourcesByIds(
      accountId,
      grantedIds.filter((id) => !knownById.has(id)),
    )),
  ];
  return [...byRole, ...grantedOnly].flatMap((resource) => {
    const level = levelByRoleAndGrant(role, explicit.get(resource.resourceId));
    return level === "none" ? [] : [{ resource, level }];
  });
};
