import { createRemoteJWKSet, jwtVerify } from "jose";

/** A machine client as its verified client-credentials token describes it. */
export interface MachineIdentity {
  clientId: string;
  /** The token's `scope` claim, split: e.g. `tenantry/access.check`. */
  scopes: string[];
}

/**
 * Verifies a machine's access token (OAuth 2.0 client-credentials grant of the user pool):
 * signed by the pool's JWKS, from the pool's issuer, unexpired, and issued to a client itself
 * rather than to a user. Machine clients are created at run time, so the HTTP API's JWT
 * authorizer, which needs every accepted client id as a static audience, cannot check them;
 * this runs in the machine routes' Lambda authorizer (and in the local runtime's stand-in).
 */
export const createMachineTokenVerifier = ({
  issuer,
  userClientId,
}: {
  issuer: string;
  /** The API's own app client: its tokens belong to users and never pass as a machine's. */
  userClientId: string;
}) => {
  const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
  return async (authorization: string | undefined): Promise<MachineIdentity | undefined> => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!match?.[1]) return undefined;
    try {
      const { payload } = await jwtVerify(match[1], jwks, { issuer });
      const clientId = payload.client_id;
      // A client-credentials token is about the client: its subject is the client, no user is named.
      if (payload.token_use !== "access" || typeof clientId !== "string" || clientId === userClientId) return undefined;
      if (payload.sub !== clientId || payload.username !== undefined) return undefined;
      const scope = typeof payload.scope === "string" ? payload.scope : "";
      return { clientId, scopes: scope.split(" ").filter(Boolean) };
    } catch {
      return undefined;
    }
  };
};
export type MachineTokenVerifier = ReturnType<typeof createMachineTokenVerifier>;

/**
 * What the machine authorizer hands the service (API Gateway `requestContext.authorizer.lambda`):
 * simple responses carry flat string values only, so scopes travel space-separated as in the token.
 */
export const machineAuthorizerContext = (identity: MachineIdentity) => ({
  clientId: identity.clientId,
  scope: identity.scopes.join(" "),
});

/** The machine identity from an authorizer context, or undefined when it is not one. */
export const machineIdentityFromContext = (
  context: Record<string, unknown> | undefined,
): MachineIdentity | undefined => {
  if (typeof context?.clientId !== "string" || typeof context.scope !== "string") return undefined;
  return { clientId: context.clientId, scopes: context.scope.split(" ").filter(Boolean) };
};
