import { problem } from "../../../../shared/src/http/problem.ts";
import { defaultResourceLevel, levelAtLeast, type ResourceLevel, resourceLevelFor } from "../domain/access.ts";
import type { Member } from "../domain/member.ts";
import type { AccountsDependencies, Caller } from "./dependencies.ts";
import { authorize } from "./resolve-access.ts";

/** How many resources a member's view names at most (a role default can cover every resource). */
export const MEMBER_VIEW_RESOURCE_LIMIT = 100;
/** Member pages one page of a resource's access list reads at most to fill itself. */
const MAX_MEMBER_PAGES_PER_PAGE = 5;

/** A member's level on a resource: a grant, else the role's default; owners/admins always administer; disabled: none. */
const memberLevel = (member: Member, explicit: ResourceLevel | "none" | undefined) => {
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

/**
 * Who can use a resource and at which level (by grant or role default), a page at a time.
 * The caller must see the resource (else 404, as for every resource route) and manage
 * resources or administer this one (else 403). Pages walk the account's members, reading at
 * most MAX_MEMBER_PAGES_PER_PAGE member pages (and one batch of grants each) to fill a page, so
 * a page's cost does not grow with the account; a short page with a cursor means "read on".
 */
export const listResourceAccess = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  resourceId: string,
  query: { limit: number; cursor?: string },
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "resources.read");
  const { resource, level: explicitMine } = await deps.resources.getResourceWithAccess(
    accountId,
    resourceId,
    caller.auth.userId,
  );
  const mine = resourceLevelFor(access, explicitMine);
  if (!resource || !levelAtLeast(mine, "view"))
    throw problem.notFound("No such resource, or you have no access to it.");
  if (!access.rights.has("resources.manage") && mine !== "administer") {
    throw problem.forbidden(
      "missing_right",
      "Seeing who has access needs resources.manage or administer access to it.",
    );
  }

  const items: Array<{
    userId: string;
    fullName: string;
    email: string | null;
    role: Member["role"];
    level: ResourceLevel;
    by: "grant" | "role";
  }> = [];
  let cursor = query.cursor;
  for (let pages = 0; pages < MAX_MEMBER_PAGES_PER_PAGE && items.length < query.limit; pages += 1) {
    const members = await deps.members.listMembers(accountId, {
      limit: query.limit - items.length,
      ...(cursor ? { cursor } : {}),
    });
    const explicit = await deps.resources.levelsOnResource(
      accountId,
      resourceId,
      members.items.map((m) => m.userId),
    );
    for (const member of members.items) {
      const { level, by } = memberLevel(member, explicit.get(member.userId));
      if (level === "none") continue;
      items.push({
        userId: member.userId,
        fullName: member.fullName,
        email: member.email ?? null,
        role: member.role,
        level,
        by,
      });
    }
    cursor = members.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return { items, nextCursor: cursor ?? null };
};
