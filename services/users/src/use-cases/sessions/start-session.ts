import { decodeJwt } from "jose";
import { hashLinkToken } from "../../../../../shared/src/crypto/link-token.ts";
import type { SessionTokens } from "../../../../../shared/src/identity/identity-provider.ts";
import { userPoolDefinition } from "../../../../../shared/src/identity/user-pool-definition.ts";
import type { SecurityActivityType } from "../../ports/security-activity.ts";
import type { SessionRecord } from "../../ports/session-store.ts";
import type { UserProfile } from "../../ports/user-store.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { endSession, liveSessions, REFRESH_TOKEN_PURPOSE } from "./session-records.ts";

/**
 * A successful sign-in becomes a session: the access token's `origin_jti` ties every token of the
 * sign-in to it. The session, its `signed_in` entry (after `alsoRecorded`, an entry of how the user
 * signed in) and the cleared lockout (`lockoutSubject`) are one transaction. Beyond the user's
 * `maxSessions`, the oldest sessions end.
 */
export const startSession = async (
  deps: UsersDependencies,
  input: {
    userId: string;
    maxSessions?: number;
    tokens: SessionTokens;
    client: ClientInfo;
    lockoutSubject?: string;
    alsoRecorded?: SecurityActivityType;
  },
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
  const entry = (type: SecurityActivityType) => ({ userId, type, at: now, ip: client.ip, userAgent: client.userAgent });
  await deps.sessions.start(session, {
    activity: [...(input.alsoRecorded ? [entry(input.alsoRecorded)] : []), entry("signed_in")],
    ...(input.lockoutSubject !== undefined ? { lockoutSubject: input.lockoutSubject } : {}),
  });
  if (input.maxSessions !== undefined) {
    const live = await liveSessions(deps, userId);
    const excess = live.length - input.maxSessions;
    for (const oldest of live.slice(0, Math.max(0, excess))) {
      if (oldest.sessionId === session.sessionId) continue;
      await endSession(deps, userId, oldest.sessionId, { type: "session_revoked", client });
    }
  }
  return tokens;
};

/** A session for a signed-in profile, under the profile's own session limit; `lockoutSubject` starts over with it. */
export const startSessionOf = (
  deps: UsersDependencies,
  profile: UserProfile,
  tokens: SessionTokens,
  client: ClientInfo,
  lockoutSubject?: string,
) =>
  startSession(deps, {
    userId: profile.userId,
    ...(profile.maxSessions !== undefined ? { maxSessions: profile.maxSessions } : {}),
    tokens,
    client,
    ...(lockoutSubject !== undefined ? { lockoutSubject } : {}),
  });
