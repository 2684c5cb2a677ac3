import type { OutboxEntry } from "../../../../shared/src/events/outbox.ts";

/** The upload handed out and not yet confirmed. */
export interface PendingAvatar {
  key: string;
  contentType: string;
  contentLength: number;
  expiresAt: string;
}

/** The avatar is not (or no longer) in the state the caller read: a concurrent request changed it. */
export class AvatarStateChanged extends Error {
  override name = "AvatarStateChanged";
}

/** The avatar fields of the user's profile item; every change is conditional on what was read. */
export interface AvatarRecords {
  /** Remembers the upload handed out (replacing an earlier unconfirmed one). Throws `AvatarStateChanged` if the user is gone. */
  startUpload(userId: string, pending: PendingAvatar, now: Date): Promise<void>;
  /**
   * Makes this confirm the only one working on the upload: it must still be the pending one and not
   * claimed by another confirm since `staleBefore`. Throws `AvatarStateChanged` otherwise.
   */
  claimUpload(input: {
    userId: string;
    pendingKey: string;
    claimId: string;
    now: Date;
    staleBefore: Date;
  }): Promise<void>;
  /** Gives the claim back (nothing was uploaded yet: a later confirm may try again). */
  releaseClaim(userId: string, pendingKey: string, claimId: string): Promise<void>;
  /** Makes the claimed upload the avatar; with the event. Throws `AvatarStateChanged` if the claim was lost. */
  publish(input: {
    userId: string;
    pendingKey: string;
    claimId: string;
    avatarKey: string;
    event: OutboxEntry;
    now: Date;
  }): Promise<void>;
  /** Forgets the pending upload if it is still this one. */
  abandonUpload(userId: string, pendingKey: string, now: Date): Promise<void>;
  /** Removes the avatar if it is still this one; with the event. Throws `AvatarStateChanged`. */
  remove(input: { userId: string; avatarKey: string; event: OutboxEntry; now: Date }): Promise<void>;
}
