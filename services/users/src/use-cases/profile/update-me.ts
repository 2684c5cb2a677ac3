import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import type { Locale } from "../../ports/user-store.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { loadOwnProfile, profileView } from "./profile-view.ts";

export interface ProfileChanges {
  fullName?: string;
  locale?: Locale;
  timezone?: string;
}

/** Own profile edits. An owner's full name is part of the account's identity: the provider changes it. */
export const updateMe = async (deps: UsersDependencies, auth: AuthContext, changes: ProfileChanges) => {
  const { profile, isOwner, totp } = await loadOwnProfile(deps, auth);
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
