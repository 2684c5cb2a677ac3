import { etagOf } from "../../../../../shared/src/http/etag.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { resourceView } from "../views.ts";
import { authorizeWithResource } from "./resource-change.ts";

/** One round trip: the resource rides in the access check's BatchGetItem. */
export const getResource = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  resourceId: string,
) => {
  const { resource, level } = await authorizeWithResource(deps, caller, accountId, "resources.read", resourceId);
  return { view: resourceView(resource, level), etag: etagOf(resource.version) };
};
