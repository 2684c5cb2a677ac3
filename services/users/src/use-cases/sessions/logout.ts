import { hashLinkToken } from "../../../../../shared/src/crypto/link-token.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";

/** Signing out ends the session of the refresh token (and revokes it at Cognito): read its pointer, then one transaction. */
export const logout = async (deps: UsersDependencies, refreshToken: string, client: ClientInfo) => {
  const refreshTokenHash = hashLinkToken(refreshToken);
  const ref = await deps.sessions.findByRefreshTokenHash(refreshTokenHash);
  if (ref) {
    await deps.sessions.endFound(
      { ...ref, refreshTokenHash },
      { userId: ref.userId, type: "signed_out", at: deps.now(), ip: client.ip, userAgent: client.userAgent },
    );
  }
  await deps.identity.revoke(refreshToken);
};
