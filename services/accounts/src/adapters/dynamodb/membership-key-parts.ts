import type { Member } from "../../domain/member.ts";

/**
 * The role and status a membership write must name. They are key parts of the same index entries
 * (`membersByRole`, `membersByStatus`), so a change of one rewrites them with the other as read
 * (current whenever the write's version condition holds); no change of either names neither.
 */
export const roleAndStatusOf = (
  set: Partial<Pick<Member, "role" | "status">>,
  asRead: Pick<Member, "role" | "status">,
): Partial<Pick<Member, "role" | "status">> => {
  if (set.role === undefined && set.status === undefined) return {};
  return { role: set.role ?? asRead.role, status: set.status ?? asRead.status };
};
