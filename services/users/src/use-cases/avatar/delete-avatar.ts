import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { AvatarStateChanged } from "../../ports/avatar-records.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { avatarChanged, userGone } from "./avatar-changes.ts";

/** Removes the avatar (idempotent: no avatar is already the wanted state). */
export const deleteAvatar = async (deps: UsersDependencies, auth: AuthContext) => {
  const profile = await deps.store.getProfile(auth.userId);
  if (!profile) throw userGone();
  if (!profile.avatarKey) return;
  const now = deps.now();
  try {
    await deps.avatarRecords.remove({
      userId: auth.userId,
      avatarKey: profile.avatarKey,
      event: avatarChanged(auth.userId, null, now),
      now,
    });
  } catch (error) {
    if (error instanceof AvatarStateChanged) {
      throw problem.conflict("avatar_changed", "The avatar changed meanwhile; read the profile and try again.");
    }
    throw error;
  }
  await deps.avatarStorage.remove([profile.avatarKey]);
};
