import { hashLinkToken } from "../../../../../shared/src/crypto/link-token.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import type { UsersDependencies } from "../dependencies.ts";

const refreshRefused = () => problem.unauthenticated("invalid_token", "The refresh token is not valid; sign in again.");

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
