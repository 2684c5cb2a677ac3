import type { OpenIdProviderConfig } from "../../../../../shared/src/config/openid-providers.ts";
import { hashLinkToken } from "../../../../../shared/src/crypto/link-token.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import type { VerifiedExternalIdentity } from "../../domain/external-sign-in.ts";
import { type AuthorizationSecrets, ProviderAnswerRejected } from "../../ports/openid-providers.ts";
import type { UsersDependencies } from "../dependencies.ts";

/** The purpose an attempt's PKCE verifier and nonce are sealed for. */
const ATTEMPT_PURPOSE = "openid-authorization-attempt";
/** How long a user has at the provider (its login form, consent) before the attempt is void. */
const ATTEMPT_TTL_SECONDS = 10 * 60;

type Purpose = "sign-in" | "link";
export interface ProviderCallback {
  code: string;
  state: string;
  iss?: string;
}

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

const unknownProvider = () => problem.notFound("There is no such sign-in provider.");
const attemptUnusable = () =>
  problem.invalid("This sign-in attempt is unknown, already used or expired; start again.", [
    { path: "body.state", message: "unknown, used or expired" },
  ]);
const answerRejected = () =>
  problem.unauthenticated("invalid_token", "The provider's answer could not be verified; start again.");

export const providerOf = (deps: UsersDependencies, providerId: string) => {
  const provider = deps.openIdProviders.find(providerId);
  if (!provider) throw unknownProvider();
  return provider;
};

/**
 * Starts an authorization at the provider: fresh state, nonce and PKCE verifier, stored under the
 * state's hash with the verifier and nonce sealed, and for a link bound to the signed-in user.
 */
export const startAttempt = async (
  deps: UsersDependencies,
  provider: OpenIdProviderConfig,
  purpose: Purpose,
  userId?: string,
) => {
  const secrets = deps.openIdProviders.newSecrets();
  const expiresAt = epochSeconds(deps.now()) + ATTEMPT_TTL_SECONDS;
  await deps.externalIdentities.saveAttempt({
    stateHash: hashLinkToken(secrets.state),
    provider: provider.id,
    purpose,
    ...(userId ? { userId } : {}),
    sealedSecrets: await deps.sealer.seal(
      JSON.stringify({ nonce: secrets.nonce, codeVerifier: secrets.codeVerifier }),
      ATTEMPT_PURPOSE,
    ),
    expiresAt,
  });
  return {
    authorizationUrl: await deps.openIdProviders.authorizationUrl(provider, secrets),
    expiresAt: new Date(expiresAt * 1000).toISOString(),
  };
};

/**
 * The provider's answer: the attempt is consumed first (one callback per state, whatever the
 * outcome), must be of this provider, purpose and user, and then the code is redeemed and the
 * ID token verified.
 */
export const finishAttempt = async (
  deps: UsersDependencies,
  provider: OpenIdProviderConfig,
  purpose: Purpose,
  callback: ProviderCallback,
  userId?: string,
): Promise<VerifiedExternalIdentity> => {
  const attempt = await deps.externalIdentities.consumeAttempt(hashLinkToken(callback.state), deps.now());
  if (!attempt || attempt.provider !== provider.id || attempt.purpose !== purpose || attempt.userId !== userId) {
    throw attemptUnusable();
  }
  const sealed = JSON.parse(await deps.sealer.open(attempt.sealedSecrets, ATTEMPT_PURPOSE)) as Omit<
    AuthorizationSecrets,
    "state"
  >;
  try {
    return await deps.openIdProviders.verify(provider, callback, { ...sealed, state: callback.state });
  } catch (error) {
    if (error instanceof ProviderAnswerRejected) throw answerRejected();
    throw error;
  }
};
