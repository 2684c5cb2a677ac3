import { defaultResourceLevel, type ResourceLevel } from "../../domain/access.ts";
import type { InvitedRole } from "../../domain/invitation.ts";
import type { AccountsDependencies } from "../dependencies.ts";

/** How many of the account's resources an invitation email names at most (role defaults can cover them all). */
export const INVITATION_EMAIL_RESOURCE_LIMIT = 100;

/**
 * What an invitee will be able to use once they accept (seed 001: the invitation names the
 * "available applications"): the role's default access to every resource (owner/admin administer,
 * viewer views) combined with the invitation's explicit grants, which win except over
 * owner/admin (who always administer). An explicit `none` hides a resource.
 */
export const invitedApplications = async (
  deps: AccountsDependencies,
  accountId: string,
  role: InvitedRole,
  explicit: ReadonlyArray<{ resourceId: string; level: ResourceLevel | "none" }>,
): Promise<Array<{ name: string; type: string; level: ResourceLevel }>> => {
  const roleDefault = defaultResourceLevel(role);
  const explicitLevel = new Map(explicit.map((r) => [r.resourceId, r.level]));
  const byRole =
    roleDefault === "none"
      ? []
      : (await deps.resources.listResources(accountId, INVITATION_EMAIL_RESOURCE_LIMIT)).items;
  const seen = new Set(byRole.map((r) => r.resourceId));
  const grantedOnly = await deps.resources.resourcesByIds(
    accountId,
    explicit.map((r) => r.resourceId).filter((id) => !seen.has(id)),
  );
  return [...byRole, ...grantedOnly].flatMap((resource) => {
    const level = roleDefault === "administer" ? "administer" : (explicitLevel.get(resource.resourceId) ?? roleDefault);
    return level === "none" ? [] : [{ name: resource.name, type: resource.type, level }];
  });
};
