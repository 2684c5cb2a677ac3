import { problem } from "../../../../../shared/src/http/problem.ts";
import type { ResourceLevel } from "../../domain/access.ts";
import { isPrivileged } from "../../domain/roles.ts";
import { authorizeWith, requireRight } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { explainConflict } from "../explain-conflict.ts";
import { memberNotFound } from "../members/member-problems.ts";
import { resourceChangeRecords, resourceNotFound } from "./resource-change.ts";

/** A member's level on one resource; `none` hides it from them (even a viewer). Owners and admins always administer. */
export const setResourceAccess = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  resourceId: string,
  userId: string,
  level: ResourceLevel | "none",
) => {
  // The member's key is known: it joins the access check's BatchGetItem (one round trip, then the write).
  const { access, target: member } = await authorizeWith(
    deps,
    caller.auth.userId,
    accountId,
    "resources.read",
    (reads) => reads.getMember(accountId, userId),
  );
  requireRight(access, "resources.manage");
  if (!member) throw memberNotFound();
  if (isPrivileged(member.role)) {
    throw problem.conflict(
      "full_access_role",
      "Owners and admins administer every resource; their access cannot be changed.",
    );
  }
  const now = deps.now();
  await explainConflict(
    deps.resources.setResourceAccess({
      accountId,
      resourceId,
      userId,
      level,
      grantedBy: caller.auth.userId,
      now,
      ...resourceChangeRecords({
        access,
        caller,
        resourceId,
        change: "access",
        auditChanges: { userId, level },
        grant: { userId, level },
        now,
      }),
    }),
    resourceNotFound,
  );
  return { resourceId, userId, level };
};
