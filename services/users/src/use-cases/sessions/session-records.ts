import type { SecurityActivityType } from "../../ports/security-activity.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";

/** The purpose a session's refresh token is sealed for. */
export const REFRESH_TOKEN_PURPOSE = "session-refresh-token";

/** Sessions whose refresh token has not expired (TTL removes the others only eventually), oldest first. */
export const liveSessions = async (deps: UsersDependencies, userId: string) => {
  const nowSeconds = Math.floor(deps.now().getTime() / 1000);
  return (await deps.sessions.list(userId)).filter((session) => session.expiresAt > nowSeconds);
};

/**
 * Ends one session: its record goes, and Cognito revokes its refresh token (and the tokens issued
 * from it). `activity` is recorded with the ending, only when there was a session to end.
 */
export const endSession = async (
  deps: UsersDependencies,
  userId: string,
  sessionId: string,
  activity?: { type: SecurityActivityType; client: ClientInfo },
) => {
  const ended = await deps.sessions.end(
    userId,
    sessionId,
    activity && {
      userId,
      type: activity.type,
      at: deps.now(),
      ip: activity.client.ip,
      userAgent: activity.client.userAgent,
    },
  );
  if (ended) await deps.identity.revoke(await deps.sealer.open(ended.sealedRefreshToken, REFRESH_TOKEN_PURPOSE));
  return ended;
};
