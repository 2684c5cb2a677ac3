import { IdentityChangedMeanwhile } from "../../ports/identity-change-store.ts";
import { EmailTaken, type UserProfile } from "../../ports/user-store.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { activityEntry } from "../security-activity.ts";
import {
  changedBySupportEvent,
  changedMeanwhile,
  emailTaken,
  noSuchUser,
  platformUserView,
  type SupportCaller,
  type SupportChange,
  supportAudit,
} from "./support-changes.ts";

/**
 * `PATCH /v1/platform/users/{userId}`: provider support changes an identity the user cannot
 * (an owner's email and full name). The email's uniqueness is the login record written in the
 * same transaction as the profile, as at registration; Cognito's copy follows. A retry after a
 * failed Cognito call finds the email already changed and only brings Cognito up to date.
 */
export const changeUserIdentity = async (
  deps: UsersDependencies,
  caller: SupportCaller,
  userId: string,
  requested: { email?: string; fullName?: string },
) => {
  const target = await deps.identityChanges.readTarget(userId, requested.email);
  if (!target.profile) throw noSuchUser();
  const { profile, emailHolder } = target;
  const changed: SupportChange[] = [];
  if (requested.email !== undefined && requested.email !== profile.email) changed.push("email");
  if (requested.fullName !== undefined && requested.fullName !== profile.fullName) changed.push("fullName");
  if (changed.length === 0) {
    if (requested.email) await deps.identity.markEmailVerified(profile.cognitoUsername, requested.email);
    return platformUserView(profile);
  }
  if (changed.includes("email") && emailHolder && emailHolder.userId !== userId) throw emailTaken();

  const now = deps.now();
  const updated: UserProfile = {
    ...profile,
    ...(changed.includes("email") && requested.email ? { email: requested.email, emailVerified: true } : {}),
    ...(changed.includes("fullName") && requested.fullName ? { fullName: requested.fullName } : {}),
    updatedAt: now.toISOString(),
  };
  const previousEmail = changed.includes("email") ? profile.email : undefined;
  try {
    await deps.identityChanges.changeIdentity({
      profile,
      ...(changed.includes("email") ? { email: updated.email } : {}),
      ...(changed.includes("fullName") ? { fullName: updated.fullName } : {}),
      now,
      audit: supportAudit(deps, caller, userId, "user.identity_changed", changed, now),
      // The user's own security log shows it; the support agent's address is what the request came from.
      ...(changed.includes("email") ? { activity: activityEntry(deps, userId, "email_changed", caller.meta) } : {}),
      events: [changedBySupportEvent(caller, updated, changed, now, previousEmail)],
    });
  } catch (error) {
    if (error instanceof EmailTaken) throw emailTaken();
    if (error instanceof IdentityChangedMeanwhile) throw changedMeanwhile();
    throw error;
  }
  // The address users sign in with is the login record above; Cognito keeps a verified copy.
  if (changed.includes("email") && updated.email) {
    await deps.identity.markEmailVerified(profile.cognitoUsername, updated.email);
  }
  return platformUserView(updated);
};
