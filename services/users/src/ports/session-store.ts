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
  /** The session and its refresh-token pointer, in one transaction. */
  start(session: SessionRecord): Promise<void>;
  /** Every live session of the user, oldest first. */
  list(userId: string): Promise<SessionRecord[]>;
  findByRefreshTokenHash(hash: string): Promise<{ userId: string; sessionId: string } | undefined>;
  /** Records a use; false when the session no longer exists (ended meanwhile). */
  touch(userId: string, sessionId: string, at: Date): Promise<boolean>;
  /** Ends the session; returns it as it was, or undefined when there was none. */
  end(userId: string, sessionId: string): Promise<SessionRecord | undefined>;
}
