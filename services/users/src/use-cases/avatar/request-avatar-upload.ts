import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { AVATAR_UPLOAD_TTL_SECONDS, type AvatarContentType, pendingAvatarKey } from "../../domain/avatar.ts";
import { AvatarStateChanged } from "../../ports/avatar-records.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { userGone } from "./avatar-changes.ts";

/** Hands out a presigned upload of exactly the declared type and size, under a fresh pending key. */
export const requestAvatarUpload = async (
  deps: UsersDependencies,
  auth: AuthContext,
  declared: { contentType: AvatarContentType; contentLength: number },
) => {
  const now = deps.now();
  const key = pendingAvatarKey(auth.userId, deps.newId());
  const upload = await deps.avatarStorage.presignUpload({
    key,
    ...declared,
    expiresInSeconds: AVATAR_UPLOAD_TTL_SECONDS,
    now,
  });
  try {
    await deps.avatarRecords.startUpload(auth.userId, { key, ...declared, expiresAt: upload.expiresAt }, now);
  } catch (error) {
    if (error instanceof AvatarStateChanged) throw userGone();
    throw error;
  }
  return upload;
};
