import { resourceLevelFor } from "../../domain/access.ts";
import { authorize } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { resourceView } from "../views.ts";

/**
 * Resources the caller can see, one page at a time. Roles that see everything page through the
 * account's resources minus explicit removals; roles that see nothing by default page through
 * their grants. Either way a page costs the same at any account size.
 */
export const listResources = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  query: { limit: number; cursor?: string },
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "resources.read");
  if (access.resourceDefault === "none") {
    const grants = await deps.resources.listMemberAccess(accountId, caller.auth.userId, query);
    const visible = grants.items.filter((g) => g.level !== "none");
    const resources = await deps.resources.resourcesByIds(
      accountId,
      visible.map((g) => g.resourceId),
    );
    const levels = new Map(visible.map((g) => [g.resourceId, g.level]));
    return {
      items: resources.map((r) => resourceView(r, levels.get(r.resourceId) ?? "none")),
      nextCursor: grants.nextCursor,
    };
  }
  const [page, explicit] = await Promise.all([
    deps.resources.listResources(accountId, query.limit, query.cursor),
    access.resourceDefault === "administer"
      ? Promise.resolve({ items: [] })
      : deps.resources.listMemberAccess(accountId, caller.auth.userId),
  ]);
  const levels = new Map(explicit.items.map((g) => [g.resourceId, g.level]));
  return {
    items: page.items
      .map((r) => ({ resource: r, level: resourceLevelFor(access, levels.get(r.resourceId)) }))
      .filter(({ level }) => level !== "none")
      .map(({ resource, level }) => resourceView(resource, level)),
    nextCursor: page.nextCursor,
  };
};
