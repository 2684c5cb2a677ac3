import { etagOf } from "../../../../../shared/src/http/etag.ts";
import { authorize } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { resourceView } from "../views.ts";
import { loadVisible } from "./resource-change.ts";

export const getResource = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  resourceId: string,
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "resources.read");
  const { resource, level } = await loadVisible(deps, access, resourceId);
  return { view: resourceView(resource, level), etag: etagOf(resource.version) };
};
