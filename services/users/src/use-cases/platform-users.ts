import type { AuthContext } from "../../../../shared/src/auth/auth-context.ts";
import { outboxItem } from "../../../../shared/src/events/outbox.ts";
import type { RequestMeta } from "../../../../shared/src/http/middleware.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import { IdentityChangedMeanwhile } from "../ports/identity-change-store.ts";
import { PhoneChanged, type PlatformAudit } from "../ports/phone-store.ts";
import { EmailTaken, type UserProfile } from "../ports/user-store.ts";
import type { UsersDependencies } from "./dependencies.ts";
import { phoneChangedEvent, phoneView } from "./phone.ts";
import { recordActivity } from "./user-sessions.ts";

/** A platform admin (provider support) and where the request came from. */
export interface SupportCaller {
  auth: AuthContext;
  meta: RequestMeta;
}

type SupportChange = "email" | "fullName" | "phone";

const emailTaken = () => problem.conflict("email_taken", "Another user signs in with this email address.");
const changedMeanwhile = () =>
  problem.conflict("identity_changed", "This user's identity changed meanwhile; reload and try again.");

const loadUser = async (deps: UsersDependencies, userId: string) => {
  const profile = await deps.store.getProfile(userId);
  if (!profile) throw problem.notFound("No such user.");
  return profile;
};

/** Ids and field names only, like the account audit: the entry outlives the user's erasure. */
const supportAudit = (
  deps: UsersDependencies,
  caller: SupportCaller,
  userId: string,
  action: string,
  changed: SupportChange[],
  now: Date,
): PlatformAudit => ({
  entryId: deps.newId(),
  action,
  actorUserId: caller.auth.userId,
  targetType: "user",
  targetId: userId,
  changes: { changed },
  ip: caller.meta.ip,
  userAgent: caller.meta.userAgent.slice(0, 512),
  requestId: caller.meta.requestId,
  at: now.toISOString(),
});

/** Accounts audits it in every account the user owns; notify tells the user. */
const changedBySupportEvent = (
  caller: SupportCaller,
  profile: UserProfile,
  changed: SupportChange[],
  now: Date,
  previousEmail?: string,
) =>
  outboxItem({
    type: "UserIdentityChangedBySupport",
    now,
    actor: { type: "platform-admin", userId: caller.auth.userId },
    data: {
      userId: profile.userId,
      changed,
      fullName: profile.fullName,
      locale: profile.locale,
      ...(profile.email ? { email: profile.email } : {}),
      ...(previousEmail ? { previousEmail } : {}),
    },
  });

export const platformUserView = (profile: UserProfile) => ({
  userId: profile.userId,
  email: profile.email ?? null,
  login: profile.login ?? null,
  fullName: profile.fullName,
  emailVerified: profile.emailVerified,
  phone: phoneView(profile),
});

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
  const profile = await loadUser(deps, userId);
  const changed: SupportChange[] = [];
  if (requested.email !== undefined && requested.email !== profile.email) changed.push("email");
  if (requested.fullName !== undefined && requested.fullName !== profile.fullName) changed.push("fullName");
  if (changed.length === 0) {
    if (requested.email) await deps.identity.markEmailVerified(profile.cognitoUsername, requested.email);
    return platformUserView(profile);
  }
  if (changed.includes("email") && requested.email) {
    const holder = await deps.store.findLogin("email", requested.email);
    if (holder && holder.userId !== userId) throw emailTaken();
  }

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
    // The user's own security log shows it; the support agent's address is what the request came from.
    await recordActivity(deps, userId, "email_changed", caller.meta);
  }
  return platformUserView(updated);
};

/** `DELETE /v1/platform/users/{userId}/phone`: a phone the user lost, removed with its pending codes. */
export const removeUserPhone = async (deps: UsersDependencies, caller: SupportCaller, userId: string) => {
  const profile = await loadUser(deps, userId);
  if (!profile.phone) throw problem.notFound("This user has no phone.");
  const now = deps.now();
  const actor = { type: "platform-admin" as const, userId: caller.auth.userId };
  try {
    await deps.phones.removePhone({
      userId,
      number: profile.phone,
      now,
      audit: supportAudit(deps, caller, userId, "user.phone_removed", ["phone"], now),
      events: [phoneChangedEvent(profile, null, actor, now), changedBySupportEvent(caller, profile, ["phone"], now)],
    });
  } catch (error) {
    if (error instanceof PhoneChanged) throw changedMeanwhile();
    throw error;
  }
  await recordActivity(deps, userId, "phone_removed", caller.meta);
};
