import { etagOf } from "../../../../../shared/src/http/etag.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { versionedUpdate } from "../../../../../shared/src/http/versioned-update.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { explainConflict } from "../explain-conflict.ts";
import { resourceView } from "../views.ts";
import { authorizeWithResource, loadVisible, resourceChangeRecords, resourceNotFound } from "./resource-change.ts";

/**
 * Name and settings: anyone who administers the resource (or manages all resources) may change
 * them; conditional on the version read (`versionedUpdate`). The first attempt uses the resource
 * the access check read with it (two round trips in all); a retry reads it again.
 */
export const updateResource = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  resourceId: string,
  changes: { name?: string; settings?: Record<string, unknown> },
  ifMatch: number | undefined,
) => {
  const { access, ...firstRead } = await authorizeWithResource(deps, caller, accountId, "resources.read", resourceId);
  let unused: typeof firstRead | undefined = firstRead;
  return versionedUpdate(ifMatch, async (precondition) => {
    const { resource, level } = unused ?? (await loadVisible(deps, access, resourceId));
    unused = undefined;
    if (!access.rights.has("resources.manage") && level !== "administer") {
      throw problem.forbidden("missing_right", "Changing a resource needs administer access to it.");
    }
    precondition(resource.version);
    const now = deps.now();
    await explainConflict(
      deps.resources.updateResource({
        accountId,
        resourceId,
        changes,
        expectedVersion: resource.version,
        now,
        ...resourceChangeRecords({
          access,
          caller,
          resourceId,
          change: "updated",
          auditChanges: { fields: Object.keys(changes) },
          now,
        }),
      }),
      resourceNotFound,
    );
    const updated = { ...resource, ...changes, version: resource.version + 1, updatedAt: now.toISOString() };
    return { view: resourceView(updated, level), etag: etagOf(updated.version) };
  });
};
