import type { ResourceLevel } from "../../domain/access.ts";
import type { InvitedRole } from "../../domain/invitation.ts";
import type { Resource } from "../../domain/resource.ts";
import type { AccountsDependencies } from "../dependencies.ts";
import { reachableResources } from "./reachable-resources.ts";

/**
 * What an invitee will be able to use once they accept (seed 001: the invitation names the
 * "available applications"): the role's default access to every resource (owner/admin administer,
 * viewer views) combined with the invitation's explicit grants, which win except over
 * owner/admin (who always administer). An explicit `none` hides a resource. `known`: granted
 * resources read already.
 */
export const invitedApplications = async (
  deps: AccountsDependencies,
  accountId: string,
  role: InvitedRole,
  explicit: ReadonlyArray<{ resourceId: string; level: ResourceLevel | "none" }>,
  known: ReadonlyArray<Resource> = [],
): Promise<Array<{ name: string; type: string; level: ResourceLevel }>> => {
  const grants = new Map(explicit.map((r) => [r.resourceId, r.level]));
  const reachable = await reachableResources(deps, accountId, role, Promise.resolve(grants), known);
  return reachable.map(({ resource, level }) => ({ name: resource.name, type: resource.type, level }));
};
