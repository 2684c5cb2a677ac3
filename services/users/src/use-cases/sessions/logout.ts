import { hashLinkToken } from "../../../../../shared/src/crypto/link-token.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { recordActivity } from "../security-activity.ts";

/** Signing out ends the session of the refresh token (and revokes it at Cognito). */
export const logout = async (deps: UsersDependencies, refreshToken: string, client: ClientInfo) => {
  const ref = await deps.sessions.findByRefreshTokenHash(hashLinkToken(refreshToken));
  if (ref && (await deps.sessions.end(ref.userId, ref.sessionId))) {
    await recordActivity(deps, ref.userId, "signed_out", client);
  }
  await deps.identity.revoke(refreshToken);
};
