import { createRemoteJWKSet, jwtVerify } from "jose";

/**
 * Emulates the HTTP API's JWT authorizer: a Cognito access token signed by the pool's JWKS,
 * from the expected issuer, for the API's app client, not expired.
 */
export const createLocalAuthorizer = ({ issuer, clientId }: { issuer: string; clientId: string }) => {
  const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
  return async (authorization: string | undefined) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!match?.[1]) return undefined;
    try {
      const { payload } = await jwtVerify(match[1], jwks, { issuer });
      if (payload.token_use !== "access" || payload.client_id !== clientId) return undefined;
      return payload as Record<string, string | number | boolean | string[]>;
    } catch {
      return undefined;
    }
  };
};
