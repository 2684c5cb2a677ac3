import type { SecurityActivityEntry } from "./security-activity.ts";

/** One sign-in of a user (SPEC 6.1 sessions). */
export interface SessionRecord {
  userId: string;
  /** ULID: sorts by creation, so the oldest comes first. */
  sessionId: string;
  /** Cognito's `origin_jti`, carried by every access token of this session. */
  originJti: string;
  sealedRefreshToken: string;
  refreshTokenHash: string;
  ip: string;
  userAgent: string;
  createdAt: string;
  lastUsedAt: string;
  /** Epoch seconds: when the refresh token expires. */
  expiresAt: number;
}

/** Sessions and the refresh-token index that finds one from the token alone. */
export interface SessionStore {
  /**
   * The session, its refresh-token pointer and the sign-in's activity entries (in this order), in
   * one transaction; with `lockoutSubject`, the sign-in lockout starts over in it too.
   */
  start(session: SessionRecord, signIn: { activity: SecurityActivityEntry[]; lockoutSubject?: string }): Promise<void>;
  /** Every live session of the user, oldest first. */
  list(userId: string): Promise<SessionRecord[]>;
  findByRefreshTokenHash(hash: string): Promise<{ userId: string; sessionId: string } | undefined>;
  /** Records a use; false when the session no longer exists (ended meanwhile). */
  touch(userId: string, sessionId: string, at: Date): Promise<boolean>;
  /**
   * Ends the session; returns it as it was, or undefined when there was none. The `activity` entry
   * is written with the refresh-token pointer's removal, only when a session ended.
   */
  end(userId: string, sessionId: string, activity?: SecurityActivityEntry): Promise<SessionRecord | undefined>;
  /**
   * Ends the session its refresh token's pointer names, pointer and `activity` entry in the same
   * transaction; false when that session had already ended (then nothing is written).
   */
  endFound(
    found: { userId: string; sessionId: string; refreshTokenHash: string },
    activity: SecurityActivityEntry,
  ): Promise<boolean>;
}
