import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { avatarUrlOf } from "../../../../../shared/src/profile/avatar-url.ts";
import type { UserProfile } from "../../ports/user-store.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { phoneView } from "../phone/phone-view.ts";

export const profileView = (
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

export const loadOwnProfile = async (deps: UsersDependencies, auth: AuthContext) => {
  const [{ profile, factor }, memberships] = await Promise.all([
    deps.store.getProfileAndFactor(auth.userId),
    deps.store.membershipsOf(auth.userId),
  ]);
  // A valid token for a user without a profile means the user was erased meanwhile.
  if (!profile) throw problem.unauthenticated("invalid_token", "This user no longer exists.");
  const isOwner = memberships.some((m) => m.role === "owner");
  return { profile, isOwner, totp: factor?.status === "enabled" };
};
