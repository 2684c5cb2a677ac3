import { problem } from "../../../../../shared/src/http/problem.ts";
import { type Access, levelAtLeast, type ResourceLevel, resourceLevelFor } from "../../domain/access.ts";
import type { Right } from "../../domain/rights.ts";
import type { ResourceWithAccess } from "../../ports/resource-store.ts";
import { authorizeWith } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { recordedChange } from "../recorded-change.ts";

type ResourceChange = "created" | "updated" | "deleted" | "access";

/** What every resource change writes with it: the audit entry and the ResourceChanged event. */
export const resourceChangeRecords = (input: {
  access: Access;
  caller: Caller;
  resourceId: string;
  change: ResourceChange;
  auditChanges?: Record<string, unknown>;
  grant?: { userId: string; level: ResourceLevel | "none" };
  now: Date;
}) => {
  const { access, resourceId, change } = input;
  const accountId = access.account.accountId;
  return recordedChange({
    caller: input.caller,
    access,
    accountId,
    action: change === "access" ? "resource.access_changed" : `resource.${change}`,
    target: { type: "resource", id: resourceId },
    ...(input.auditChanges ? { changes: input.auditChanges } : {}),
    now: input.now,
    events: [{ type: "ResourceChanged", data: { accountId, resourceId, change, ...(input.grant ?? {}) } }],
  });
};

/** Unknown and unreachable look the same: a resource the caller cannot see does not exist for them. */
export const resourceNotFound = () => problem.notFound("No such resource, or you have no access to it.");

/** The resource and the caller's level on it; a resource the caller cannot see does not exist for them. */
const visible = (access: Access, { resource, level }: ResourceWithAccess) => {
  const effective = resourceLevelFor(access, level);
  if (!resource || !levelAtLeast(effective, "view")) throw resourceNotFound();
  return { resource, level: effective };
};

/**
 * The caller's access with one right, and the resource with their level on it. The resource's keys
 * are known up front, so they join the access check's BatchGetItem: one round trip for a member.
 */
export const authorizeWithResource = async (
  deps: Pick<AccountsDependencies, "access">,
  caller: Caller,
  accountId: string,
  right: Right,
  resourceId: string,
) => {
  const { access, target: onResource } = await authorizeWith(deps, caller.auth.userId, accountId, right, (reads) =>
    reads.getResourceWithAccess(accountId, resourceId, caller.auth.userId),
  );
  return { access, ...visible(access, onResource) };
};

/** The resource and the caller's level on it, read again (a retried versioned update). */
export const loadVisible = async (deps: Pick<AccountsDependencies, "resources">, access: Access, resourceId: string) =>
  visible(access, await deps.resources.getResourceWithAccess(access.account.accountId, resourceId, access.userId));
