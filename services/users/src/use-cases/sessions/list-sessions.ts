import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { liveSessions } from "./session-records.ts";

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
