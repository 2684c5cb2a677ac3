import { problem } from "../../../../../shared/src/http/problem.ts";
import type { ResourceLevel } from "../../domain/access.ts";
import type { Member } from "../../domain/member.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { memberLevel } from "./member-resources.ts";
import { authorizeWithResource } from "./resource-change.ts";

/** Member pages one page of a resource's access list reads at most to fill itself. */
const MAX_MEMBER_PAGES_PER_PAGE = 5;

/**
 * Who can use a resource and at which level (by grant or role default), a page at a time.
 * The caller must see the resource (else 404, as for every resource route) and manage
 * resources or administer this one (else 403). Pages walk the account's members, reading at
 * most MAX_MEMBER_PAGES_PER_PAGE member pages (and one batch of grants each) to fill a page, so
 * a page's cost does not grow with the account; a short page with a cursor means "read on".
 * A one-page answer is three round trips: the access check with the resource, the members
 * Query, one BatchGetItem of those members' grants on the resource.
 */
export const listResourceAccess = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  resourceId: string,
  query: { limit: number; cursor?: string },
) => {
  // The resource and the caller's grant on it ride in the access check's BatchGetItem.
  const { access, level: mine } = await authorizeWithResource(deps, caller, accountId, "resources.read", resourceId);
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
