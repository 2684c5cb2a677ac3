import * as oidc from "openid-client";
import type { OpenIdProviderConfig } from "../../../../shared/src/config/openid-providers.ts";
import { type OpenIdProviders, ProviderAnswerRejected } from "../ports/openid-providers.ts";

const SCOPE = "openid email profile";
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Where a provider sends the user back; the front end posts the answer to the API's callback. */
export const redirectUriOf = (appBaseUrl: string, providerId: string) =>
  `${appBaseUrl.replace(/\/$/, "")}/auth/providers/${providerId}/callback`;

/**
 * OpenID Connect through `openid-client` (certified relying party). Discovery runs once per
 * provider per cold start; ID tokens are also checked against the provider's JWKS (non-repudiation
 * checks), not only trusted for having come over TLS from the token endpoint.
 */
export const openIdClientProviders = (
  providers: readonly OpenIdProviderConfig[],
  appBaseUrl: string,
): OpenIdProviders => {
  const configurations = new Map<string, Promise<oidc.Configuration>>();
  const configurationOf = (provider: OpenIdProviderConfig) => {
    let configuration = configurations.get(provider.id);
    if (!configuration) {
      const issuer = new URL(provider.issuer);
      configuration = oidc
        .discovery(issuer, provider.clientId, provider.clientSecret, undefined, {
          // Plain HTTP only to an issuer on this machine (an OpenID provider for development);
          // openid-client refuses it everywhere else.
          ...(LOOPBACK_HOSTS.has(issuer.hostname) ? { execute: [oidc.allowInsecureRequests] } : {}),
        })
        .then((config) => {
          oidc.enableNonRepudiationChecks(config);
          return config;
        });
      // A provider that was down at the first request is asked again at the next.
      configuration.catch(() => configurations.delete(provider.id));
      configurations.set(provider.id, configuration);
    }
    return configuration;
  };
  const byId = new Map(providers.map((provider) => [provider.id, provider]));

  return {
    list: () => providers,
    find: (providerId) => byId.get(providerId),
    newSecrets: () => ({
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    }),
    async authorizationUrl(provider, secrets) {
      const config = await configurationOf(provider);
      return oidc
        .buildAuthorizationUrl(config, {
          redirect_uri: redirectUriOf(appBaseUrl, provider.id),
          scope: SCOPE,
          state: secrets.state,
          nonce: secrets.nonce,
          code_challenge: await oidc.calculatePKCECodeChallenge(secrets.codeVerifier),
          code_challenge_method: "S256",
        })
        .toString();
    },
    async verify(provider, callback, secrets) {
      const config = await configurationOf(provider);
      const answer = new URL(redirectUriOf(appBaseUrl, provider.id));
      answer.searchParams.set("code", callback.code);
      answer.searchParams.set("state", callback.state);
      if (callback.iss !== undefined) answer.searchParams.set("iss", callback.iss);
      let claims: oidc.IDToken | undefined;
      try {
        const tokens = await oidc.authorizationCodeGrant(config, answer, {
          pkceCodeVerifier: secrets.codeVerifier,
          expectedState: secrets.state,
          expectedNonce: secrets.nonce,
          idTokenExpected: true,
        });
        claims = tokens.claims();
      } catch (error) {
        // The provider refused the code, or the ID token failed a check (issuer, audience, nonce, signature).
        if (
          error instanceof oidc.ClientError ||
          error instanceof oidc.ResponseBodyError ||
          error instanceof oidc.AuthorizationResponseError
        ) {
          throw new ProviderAnswerRejected((error as Error).message);
        }
        throw error;
      }
      if (!claims) throw new ProviderAnswerRejected("no ID token");
      return {
        provider: provider.id,
        subject: claims.sub,
        ...(typeof claims.email === "string" ? { email: claims.email } : {}),
        emailVerified: claims.email_verified === true,
        ...(typeof claims.name === "string" ? { name: claims.name } : {}),
      };
    },
  };
};
