import { defaultResourceLevel, type ResourceLevel } from "../../domain/access.ts";
import type { Member } from "../../domain/member.ts";
import type { AccountsDependencies } from "../dependencies.ts";

/** How many resources a member's view names at most (a role default can cover every resource). */
export const MEMBER_VIEW_RESOURCE_LIMIT = 100;

/** A member's level on a resource: a grant, else the role's default; owners/admins always administer; disabled: none. */
export const memberLevel = (member: Member, explicit: ResourceLevel | "none" | undefined) => {
  if (member.status !== "active") return { level: "none" as const, by: "role" as const };
  const roleDefault = defaultResourceLevel(member.role);
  // As resourceLevelFor: owners and admins always administer; otherwise a grant wins over the default.
  const level = roleDefault === "administer" ? "administer" : (explicit ?? roleDefault);
  return { level, by: explicit !== undefined && roleDefault !== "administer" ? ("grant" as const) : ("role" as const) };
};

/**
 * What a member can use (seed 001 "per-application rights"): each resource with its level, by
 * grant or by role default, hidden ones left out. At most MEMBER_VIEW_RESOURCE_LIMIT of the
 * resources a role default covers; the full picture per resource is its access list.
 */
export const memberResources = async (deps: AccountsDependencies, member: Member) => {
  if (member.status !== "active") return [];
  const { accountId, userId } = member;
  const roleDefault = defaultResourceLevel(member.role);
  const [grants, byRole] = await Promise.all([
    deps.resources.listMemberAccess(accountId, userId),
    roleDefault === "none"
      ? Promise.resolve([])
      : deps.resources.listResources(accountId, MEMBER_VIEW_RESOURCE_LIMIT).then((page) => page.items),
  ]);
  const explicit = new Map(grants.items.map((g) => [g.resourceId, g.level]));
  const seen = new Set(byRole.map((r) => r.resourceId));
  const grantedOnly = await deps.resources.resourcesByIds(
    accountId,
    grants.items.filter((g) => g.level !== "none" && !seen.has(g.resourceId)).map((g) => g.resourceId),
  );
  return [...byRole, ...grantedOnly].flatMap((resource) => {
    const { level } = memberLevel(member, explicit.get(resource.resourceId));
    return level === "none" ? [] : [{ resourceId: resource.resourceId, name: resource.name, level }];
  });
};
