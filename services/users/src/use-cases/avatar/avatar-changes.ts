import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";

export const userGone = () => problem.unauthenticated("invalid_token", "This user no longer exists.");
export const nothingPending = () =>
  problem.conflict("no_pending_upload", "There is no avatar upload to confirm: request an upload first.");

export const avatarChanged = (userId: string, avatarKey: string | null, now: Date) =>
  outboxItem({
    type: "ProfileUpdated",
    now,
    actor: { type: "user", userId },
    data: { userId, changed: ["avatar"], avatarKey },
  });
