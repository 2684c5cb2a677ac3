import type { AuthContext } from "../../../../shared/src/auth/auth-context.ts";
import { outboxItem } from "../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import { avatarUrlOf } from "../../../../shared/src/profile/avatar-url.ts";
import type { Locale, UserProfile } from "../ports/user-store.ts";
import type { UsersDependencies } from "./dependencies.ts";
import { phoneView } from "./phone.ts";

const profileView = (
  deps: UsersDependencies,
  profile: UserProfile,
  isOwner: boolean,
  auth: AuthContext,
  totp = false,
) => ({
  userId: profile.userId,
  email: profile.email ?? null,
  login: profile.login ?? null,
  fullName: profile.fullName,
  locale: profile.locale,
  timezone: profile.timezone ?? null,
  avatarUrl: avatarUrlOf(deps.config.AVATAR_PUBLIC_BASE_URL, profile.avatarKey),
  emailVerified: profile.emailVerified,
  isOwner,
  platformAdmin: auth.isPlatformAdmin,
  phone: phoneView(profile),
  mfa: { totp },
  telegram: profile.telegram
    ? {
        linked: true as const,
        ...(profile.telegram.username ? { username: profile.telegram.username } : {}),
        linkedAt: profile.telegram.linkedAt,
      }
    : null,
  createdAt: profile.createdAt,
});

const loadProfile = async (deps: UsersDependencies, auth: AuthContext) => {
  const [profile, memberships, factor] = await Promise.all([
    deps.store.getProfile(auth.userId),
    deps.store.membershipsOf(auth.userId),
    deps.totpFactors.get(auth.userId),
  ]);
  // A valid token for a user without a profile means the user was erased meanwhile.
  if (!profile) throw problem.unauthenticated("invalid_token", "This user no longer exists.");
  const isOwner = memberships.some((m) => m.role === "owner");
  return { profile, isOwner, totp: factor?.status === "enabled" };
};

/** The profile, with what the user must do before going on (required policies to accept). */
export const getMe = async (deps: UsersDependencies, auth: AuthContext) => {
  const [{ profile, isOwner, totp }, pendingPolicies] = await Promise.all([
    loadProfile(deps, auth),
    deps.policyStatus.pendingRequired(auth.userId),
  ]);
  return {
    ...profileView(deps, profile, isOwner, auth, totp),
    actionRequired: pendingPolicies.map((policy) => ({ type: "accept_policy" as const, ...policy })),
  };
};

export interface ProfileChanges {
  fullName?: string;
  locale?: Locale;
  timezone?: string;
}

/** Own profile edits. An owner's full name is part of the account's identity: the provider changes it. */
export const updateMe = async (deps: UsersDependencies, auth: AuthContext, changes: ProfileChanges) => {
  const { profile, isOwner, totp } = await loadProfile(deps, auth);
  if (changes.fullName !== undefined && changes.fullName !== profile.fullName && isOwner) {
    throw problem.forbidden(
      "owner_identity_locked",
      "An account owner's full name is changed by provider support; contact your provider.",
    );
  }
  const changed = (Object.keys(changes) as Array<keyof ProfileChanges>).filter(
    (key) => changes[key] !== undefined && changes[key] !== profile[key],
  );
  if (changed.length === 0) return profileView(deps, profile, isOwner, auth, totp);
  const now = deps.now();
  const updated = await deps.store.updateProfile(
    profile,
    changes,
    outboxItem({
      type: "ProfileUpdated",
      now,
      actor: { type: "user", userId: auth.userId },
      data: { userId: auth.userId, changed, ...changes },
    }),
    now,
  );
  return profileView(deps, updated, isOwner, auth, totp);
};
