import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import type { RequestMeta } from "../../../../../shared/src/http/middleware.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import type { PlatformAudit } from "../../ports/phone-store.ts";
import type { UserProfile } from "../../ports/user-store.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { phoneView } from "../phone/phone-view.ts";

/** A platform admin (provider support) and where the request came from. */
export interface SupportCaller {
  auth: AuthContext;
  meta: RequestMeta;
}

export type SupportChange = "email" | "fullName" | "phone";

export const emailTaken = () => problem.conflict("email_taken", "Another user signs in with this email address.");
export const changedMeanwhile = () =>
  problem.conflict("identity_changed", "This user's identity changed meanwhile; reload and try again.");

export const noSuchUser = () => problem.notFound("No such user.");

export const loadUser = async (deps: UsersDependencies, userId: string) => {
  const profile = await deps.store.getProfile(userId);
  if (!profile) throw noSuchUser();
  return profile;
};

/** Ids and field names only, like the account audit: the entry outlives the user's erasure. */
export const supportAudit = (
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
export const changedBySupportEvent = (
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
