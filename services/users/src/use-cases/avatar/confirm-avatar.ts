import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { avatarUrlOf } from "../../../../../shared/src/profile/avatar-url.ts";
import {
  AVATAR_CONFIRM_LEASE_SECONDS,
  AVATAR_SIGNATURE_BYTES,
  isAvatarContentType,
  publishedAvatarKey,
  uploadDefect,
} from "../../domain/avatar.ts";
import { AvatarStateChanged } from "../../ports/avatar-records.ts";
import { StoredObjectChanged } from "../../ports/avatar-storage.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { avatarChanged, nothingPending, userGone } from "./avatar-changes.ts";

/**
 * Checks the uploaded object (size and magic bytes against what was declared) and publishes it
 * under a new key. A defective upload is deleted and the previous avatar stays. Of concurrent
 * confirms exactly one works on the upload: it claims it first with a conditional write (a lease),
 * the others get 409 without touching the bucket.
 */
export const confirmAvatar = async (deps: UsersDependencies, auth: AuthContext) => {
  const profile = await deps.store.getProfile(auth.userId);
  if (!profile) throw userGone();
  const pending = profile.pendingAvatar;
  if (!pending || !isAvatarContentType(pending.contentType)) throw nothingPending();
  const contentType = pending.contentType;

  const now = deps.now();
  const claimId = deps.newId();
  try {
    await deps.avatarRecords.claimUpload({
      userId: auth.userId,
      pendingKey: pending.key,
      claimId,
      now,
      staleBefore: new Date(now.getTime() - AVATAR_CONFIRM_LEASE_SECONDS * 1000),
    });
  } catch (error) {
    if (error instanceof AvatarStateChanged) throw nothingPending();
    throw error;
  }

  const stored = await deps.avatarStorage.inspect(pending.key, AVATAR_SIGNATURE_BYTES).catch((error: unknown) => {
    if (error instanceof StoredObjectChanged) throw nothingPending();
    throw error;
  });
  if (!stored) {
    await deps.avatarRecords.releaseClaim(auth.userId, pending.key, claimId);
    throw problem.conflict(
      "upload_missing",
      "Nothing has been uploaded yet: upload the image to the upload URL first.",
    );
  }
  const defect = uploadDefect({ contentType, contentLength: pending.contentLength }, stored);
  if (defect) {
    await deps.avatarStorage.remove([pending.key]);
    await deps.avatarRecords.abandonUpload(auth.userId, pending.key, now);
    throw problem.unprocessable(
      "invalid_image",
      defect === "size_mismatch"
        ? "The uploaded file is not the size that was declared; the upload was discarded."
        : `The uploaded file is not a ${contentType} image; the upload was discarded.`,
    );
  }

  const avatarKey = publishedAvatarKey(pending.key, contentType);
  try {
    await deps.avatarStorage.publish({ from: pending.key, to: avatarKey, etag: stored.etag, contentType });
    await deps.avatarRecords.publish({
      userId: auth.userId,
      pendingKey: pending.key,
      claimId,
      avatarKey,
      event: avatarChanged(auth.userId, avatarKey, now),
      now,
    });
  } catch (error) {
    // The claim was lost (it went stale and another confirm took over), or a new upload replaced it.
    if (error instanceof StoredObjectChanged || error instanceof AvatarStateChanged) throw nothingPending();
    throw error;
  }
  const superseded = profile.avatarKey && profile.avatarKey !== avatarKey ? [profile.avatarKey] : [];
  await deps.avatarStorage.remove([pending.key, ...superseded]);
  return { avatarUrl: avatarUrlOf(deps.config.AVATAR_PUBLIC_BASE_URL, avatarKey) };
};
