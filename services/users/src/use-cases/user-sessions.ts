import { decodeJwt } from "jose";
import type { AuthContext } from "../../../../shared/src/auth/auth-context.ts";
import { hashLinkToken } from "../../../../shared/src/crypto/link-token.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import type { SessionTokens } from "../../../../shared/src/identity/identity-provider.ts";
import { userPoolDefinition } from "../../../../shared/src/identity/user-pool-definition.ts";
import type { SecurityActivityType } from "../ports/security-activity.ts";
import type { SessionRecord } from "../ports/session-store.ts";
import type { ClientInfo, UsersDependencies } from "./dependencies.ts";

/** The purpose a session's refresh token is sealed for. */
const REFRESH_TOKEN_PURPOSE = "session-refresh-token";

const refreshRefused = () => problem.unauthenticated("invalid_token", "The refresh token is not valid; sign in again.");

export const recordActivity = (
  deps: UsersDependencies,
  userId: string,
  type: SecurityActivityType,
  client: ClientInfo,
) => deps.activity.record({ userId, type, at: deps.now(), ip: client.ip, userAgent: client.userAgent });

/** Sessions whose refresh token has not expired (TTL removes the others only eventually), oldest first. */
const liveSessions = async (deps: UsersDependencies, userId: string) => {
  const nowSeconds = Math.floor(deps.now().getTime() / 1000);
  return (await deps.sessions.list(userId)).filter((session) => session.expiresAt > nowSeconds);
};

/** Ends one session: its record goes, and Cognito revokes its refresh token (and the tokens issued from it). */
const endSession = async (deps: UsersDependencies, userId: string, sessionId: string) => {
  const ended = await deps.sessions.end(userId, sessionId);
  if (ended) await deps.identity.revoke(await deps.sealer.open(ended.sealedRefreshToken, REFRESH_TOKEN_PURPOSE));
  return ended;
};

/**
 * A successful sign-in becomes a session: the access token's `origin_jti` ties every token of the
 * sign-in to it. Beyond the user's `maxSessions`, the oldest sessions end.
 */
export const startSession = async (
  deps: UsersDependencies,
  input: { userId: string; maxSessions?: number; tokens: SessionTokens; client: ClientInfo },
) => {
  const { userId, tokens, client } = input;
  const originJti = decodeJwt(tokens.accessToken).origin_jti;
  if (typeof originJti !== "string" || !tokens.refreshToken) {
    throw new Error("The identity provider issued tokens without origin_jti or refresh token");
  }
  const now = deps.now();
  const session: SessionRecord = {
    userId,
    sessionId: deps.newId(),
    originJti,
    sealedRefreshToken: await deps.sealer.seal(tokens.refreshToken, REFRESH_TOKEN_PURPOSE),
    refreshTokenHash: hashLinkToken(tokens.refreshToken),
    ip: client.ip,
    userAgent: client.userAgent,
    createdAt: now.toISOString(),
    lastUsedAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + userPoolDefinition.refreshTokenValidityDays * 86_400,
  };
  await deps.sessions.start(session);
  await recordActivity(deps, userId, "signed_in", client);
  if (input.maxSessions !== undefined) {
    const live = await liveSessions(deps, userId);
    const excess = live.length - input.maxSessions;
    for (const oldest of live.slice(0, Math.max(0, excess))) {
      if (oldest.sessionId === session.sessionId) continue;
      await endSession(deps, userId, oldest.sessionId);
      await recordActivity(deps, userId, "session_revoked", client);
    }
  }
  return tokens;
};

/** The caller's sessions, newest first; `current` marks the one the access token belongs to. */
export const listSessions = async (deps: UsersDependencies, auth: AuthContext) => {
  const sessions = await liveSessions(deps, auth.userId);
  return {
    items: sessions.reverse().map((session) => ({
      sessionId: session.sessionId,
      createdAt: session.createdAt,
      lastUsedAt: session.lastUsedAt,
      ip: session.ip,
      userAgent: session.userAgent,
      current: auth.originJti !== undefined && session.originJti === auth.originJti,
    })),
  };
};

/** Ends one of the caller's own sessions; someone else's or an unknown id is 404. */
export const revokeSession = async (
  deps: UsersDependencies,
  auth: AuthContext,
  sessionId: string,
  client: ClientInfo,
) => {
  if (!(await endSession(deps, auth.userId, sessionId))) throw problem.notFound("No such session.");
  await recordActivity(deps, auth.userId, "session_revoked", client);
};

/** New tokens for a live session only: an ended session's refresh token is refused at once. */
export const refresh = async (deps: UsersDependencies, refreshToken: string) => {
  const ref = await deps.sessions.findByRefreshTokenHash(hashLinkToken(refreshToken));
  if (!ref) throw refreshRefused();
  // A user deleted or disabled meanwhile is refused at once, whatever the identity provider would still allow.
  const profile = await deps.store.getProfile(ref.userId);
  if (!profile || profile.signInBlockedAt) {
    await deps.sessions.end(ref.userId, ref.sessionId);
    await deps.identity.revoke(refreshToken);
    throw refreshRefused();
  }
  const tokens = await deps.identity.refresh(refreshToken);
  if (!tokens) throw refreshRefused();
  // The session may have ended between the lookup and the refresh: then these tokens are not handed out.
  if (!(await deps.sessions.touch(ref.userId, ref.sessionId, deps.now()))) throw refreshRefused();
  return tokens;
};

/** Signing out ends the session of the refresh token (and revokes it at Cognito). */
export const logout = async (deps: UsersDependencies, refreshToken: string, client: ClientInfo) => {
  const ref = await deps.sessions.findByRefreshTokenHash(hashLinkToken(refreshToken));
  if (ref && (await deps.sessions.end(ref.userId, ref.sessionId))) {
    await recordActivity(deps, ref.userId, "signed_out", client);
  }
  await deps.identity.revoke(refreshToken);
};
