import type { OpenIdProviderConfig } from "../../../../shared/src/config/openid-providers.ts";
import type { VerifiedExternalIdentity } from "../domain/external-sign-in.ts";

/** What binds one authorization to its callback: random, single use, kept sealed in between. */
export interface AuthorizationSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The provider's answer could not be verified (token exchange refused, ID token invalid): nothing is trusted. */
export class ProviderAnswerRejected extends Error {
  override name = "ProviderAnswerRejected";
}

/** The relying-party side of OpenID Connect: authorization URLs out, verified identities in. */
export interface OpenIdProviders {
  list(): readonly OpenIdProviderConfig[];
  find(providerId: string): OpenIdProviderConfig | undefined;
  newSecrets(): AuthorizationSecrets;
  /** The authorization-code + PKCE request to send the user to. */
  authorizationUrl(provider: OpenIdProviderConfig, secrets: AuthorizationSecrets): Promise<string>;
  /**
   * Redeems the code with the verifier and verifies the ID token (signature from the provider's
   * JWKS, issuer, audience, nonce, expiry). Throws `ProviderAnswerRejected`.
   */
  verify(
    provider: OpenIdProviderConfig,
    callback: { code: string; state: string; iss?: string },
    secrets: AuthorizationSecrets,
  ): Promise<VerifiedExternalIdentity>;
}
