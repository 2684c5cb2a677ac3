import { defaultResourceLevel, type ResourceLevel } from "../../domain/access.ts";
import type { Member } from "../../domain/member.ts";
import type { AccountsDependencies } from "../dependencies.ts";
import { levelByRoleAndGrant, reachableResources } from "./reachable-resources.ts";

/** A member's level on a resource: a grant, else the role's default; owners/admins always administer; disabled: none. */
export const memberLevel = (member: Member, explicit: ResourceLevel | "none" | undefined) => {
  if (member.status !== "active") return { level: "none" as const, by: "role" as const };
  const byGrant = explicit !== undefined && defaultResourceLevel(member.role) !== "administer";
  return { level: levelByRoleAndGrant(member.role, explicit), by: byGrant ? ("grant" as const) : ("role" as const) };
};

/**
 * What a member can use (seed 001 "per-application rights"): each resource with its level, by
 * grant or by role default, hidden ones left out. A role default names a bounded number of
 * resources; the full picture per resource is its access list. Owners and admins administer every
 * resource whatever a grant says (setting one on them is refused), so their grants are not read: one
 * Query either way, of the grants or of the account's resources (a viewer needs both).
 */
export const memberResources = async (deps: AccountsDependencies, member: Member) => {
  if (member.status !== "active") return [];
  const grants =
    defaultResourceLevel(member.role) === "administer"
      ? Promise.resolve(new Map<string, ResourceLevel | "none">())
      : deps.resources
          .listMemberAccess(member.accountId, member.userId)
          .then((page) => new Map(page.items.map((g) => [g.resourceId, g.level])));
  const reachable = await reachableResources(deps, member.accountId, member.role, grants);
  return reachable.map(({ resource, level }) => ({ resourceId: resource.resourceId, name: resource.name, level }));
};
