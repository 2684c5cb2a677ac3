import type { Server } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import Provider, { type ClientMetadata } from "oidc-provider";

/** The provider id the local stage configures, and the client the platform is registered as. */
export const LOCAL_OPENID_PROVIDER_ID = "local";
export const LOCAL_OPENID_CLIENT = { clientId: "tenantry-local", clientSecret: "tenantry-local-client-secret" };
/**
 * A second registered client of the same provider, sharing the platform's redirect URI: what an
 * authorization code issued to someone else's app looks like when it is brought to the platform.
 */
export const LOCAL_OPENID_OTHER_CLIENT = { clientId: "another-app", clientSecret: "another-app-client-secret" };

/** A few identities to try by hand; any other login works too (see {@link claimsOfLogin}). */
export const LOCAL_OPENID_DEMO_LOGINS = ["ada@example.com", "grace@example.com", "unverified.linus@example.com"];

/**
 * The local provider's accounts: the login typed into its form is the subject; a login that is
 * an address is the account's email, verified unless its local part starts with `unverified`.
 */
export const claimsOfLogin = (login: string) => {
  const email = login.includes("@") ? login.toLowerCase() : undefined;
  return {
    sub: login,
    ...(email ? { email, email_verified: !email.startsWith("unverified") } : {}),
    name: login.split("@")[0] ?? login,
  };
};

/**
 * A real OpenID provider on this machine (`oidc-provider`, a certified implementation) standing in
 * for Google or Microsoft: discovery, JWKS, authorization code + PKCE, its own development
 * login and consent forms (devInteractions), ID tokens signed with a key made at start.
 */
export const startOpenIdProvider = async (port: number, redirectUris: string[]) => {
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), alg: "RS256", use: "sig", kid: "local-1" };
  const client = (c: { clientId: string; clientSecret: string }): ClientMetadata => ({
    client_id: c.clientId,
    client_secret: c.clientSecret,
    redirect_uris: redirectUris,
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
  });
  const provider = new Provider(issuer, {
    clients: [client(LOCAL_OPENID_CLIENT), client(LOCAL_OPENID_OTHER_CLIENT)],
    jwks: { keys: [signingKey] },
    cookies: { keys: [Buffer.from(signingKey.kid + port).toString("base64url")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // The claims of the requested scopes go into the ID token itself (as Google's do).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: { devInteractions: { enabled: true } },
    findAccount: async (_ctx, accountId) => ({
      accountId,
      claims: async () => claimsOfLogin(accountId),
    }),
  });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = provider.listen(port, "127.0.0.1");
    listening.once("error", reject);
    listening.once("listening", () => resolve(listening));
  });
  return {
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
