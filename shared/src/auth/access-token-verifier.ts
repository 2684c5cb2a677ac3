import { createRemoteJWKSet, jwtVerify } from "jose";
import { onFirstUse } from "../cold-start/on-first-use.ts";

export type VerifiedClaims = Record<string, string | number | boolean | string[]>;

/**
 * Verifies a Cognito access token as the HTTP API's JWT authorizer does: signed by the pool's
 * JWKS, from the pool's issuer, for the API's app client, unexpired. Used by the local runtime's
 * authorizer and by public routes that accept an optional bearer token.
 */
export const createAccessTokenVerifier = ({ issuer, clientId }: { issuer: string; clientId: string }) => {
  // Made by the first token to verify (jose's key set builds its fetch headers and options at once):
  // in accounts only accepting an invitation verifies one, so most cold starts never need it.
  const jwks = onFirstUse(() => createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`)));
  return async (authorization: string | undefined): Promise<VerifiedClaims | undefined> => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!match?.[1]) return undefined;
    try {
      const { payload } = await jwtVerify(match[1], jwks(), { issuer });
      if (payload.token_use !== "access" || payload.client_id !== clientId) return undefined;
      return payload as VerifiedClaims;
    } catch {
      return undefined;
    }
  };
};
export type AccessTokenVerifier = ReturnType<typeof createAccessTokenVerifier>;
