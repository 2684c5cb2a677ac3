import { etagOf } from "../../../../../shared/src/http/etag.ts";
import { resourceLevelFor } from "../../domain/access.ts";
import type { Resource } from "../../domain/resource.ts";
import { authorize } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { resourceView } from "../views.ts";
import { resourceChangeRecords } from "./resource-change.ts";

export const createResource = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  input: { type: Resource["type"]; name: string; settings?: Record<string, unknown> },
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "resources.manage");
  const now = deps.now();
  const resource: Resource = {
    accountId,
    resourceId: deps.newId(),
    type: input.type,
    name: input.name,
    ...(input.settings ? { settings: input.settings } : {}),
    version: 1,
    createdBy: caller.auth.userId,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await deps.resources.createResource({
    resource,
    ...resourceChangeRecords({
      access,
      caller,
      resourceId: resource.resourceId,
      change: "created",
      auditChanges: { type: input.type },
      now,
    }),
  });
  return { view: resourceView(resource, resourceLevelFor(access, undefined)), etag: etagOf(resource.version) };
};
