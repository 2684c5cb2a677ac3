import { authorize } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { explainConflict } from "../explain-conflict.ts";
import { resourceChangeRecords, resourceNotFound } from "./resource-change.ts";

export const deleteResource = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  resourceId: string,
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "resources.manage");
  const now = deps.now();
  await explainConflict(
    deps.resources.deleteResource({
      accountId,
      resourceId,
      ...resourceChangeRecords({ access, caller, resourceId, change: "deleted", now }),
    }),
    resourceNotFound,
  );
};
