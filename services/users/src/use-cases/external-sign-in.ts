import type { AuthContext } from "../../../../shared/src/auth/auth-context.ts";
import type { OpenIdProviderConfig } from "../../../../shared/src/config/openid-providers.ts";
import { hashLinkToken } from "../../../../shared/src/crypto/link-token.ts";
import { Problem, problem } from "../../../../shared/src/http/problem.ts";
import { trustedEmailOf, type VerifiedExternalIdentity } from "../domain/external-sign-in.ts";
import { IdentityTaken, ProviderAlreadyLinked } from "../ports/external-identities.ts";
import { type AuthorizationSecrets, ProviderAnswerRejected } from "../ports/openid-providers.ts";
import type { UserProfile } from "../ports/user-store.ts";
import type { ClientInfo, UsersDependencies } from "./dependencies.ts";
import { signUpThroughProvider } from "./provider-sign-up.ts";
import { issueProviderTokens } from "./provider-tokens.ts";
import { providerTotpChallenge } from "./sessions.ts";
import { recordActivity } from "./user-sessions.ts";

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

const providerOf = (deps: UsersDependencies, providerId: string) => {
  const provider = deps.openIdProviders.find(providerId);
  if (!provider) throw unknownProvider();
  return provider;
};

/** `GET /v1/auth/providers`: what a sign-in page offers (never a client id or secret). */
export const listProviders = (deps: UsersDependencies) => ({
  items: deps.openIdProviders.list().map((provider) => ({
    provider: provider.id,
    displayName: provider.displayName,
    signUpAllowed: provider.signUpAllowed,
  })),
});

/**
 * Starts an authorization at the provider: fresh state, nonce and PKCE verifier, stored under the
 * state's hash with the verifier and nonce sealed, and for a link bound to the signed-in user.
 */
const startAttempt = async (
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
const finishAttempt = async (
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

export const startLink = async (deps: UsersDependencies, auth: AuthContext, providerId: string) =>
  startAttempt(deps, providerOf(deps, providerId), "link", auth.userId);

/** Links the verified identity to the signed-in user; a subject belongs to one user only. */
export const completeLink = async (
  deps: UsersDependencies,
  auth: AuthContext,
  providerId: string,
  callback: ProviderCallback,
  client: ClientInfo,
) => {
  const provider = providerOf(deps, providerId);
  const identity = await finishAttempt(deps, provider, "link", callback, auth.userId);
  const linked = {
    provider: provider.id,
    subject: identity.subject,
    ...(identity.email ? { email: identity.email } : {}),
    linkedAt: deps.now().toISOString(),
  };
  try {
    await deps.externalIdentities.link(auth.userId, linked);
  } catch (error) {
    if (error instanceof IdentityTaken) {
      // Linking the identity one already has is a no-op, not a conflict.
      const existing = (await deps.externalIdentities.list(auth.userId)).find((item) => item.provider === provider.id);
      if (existing?.subject === identity.subject) return existing;
      throw problem.conflict("identity_taken", "This external identity is already linked to another user.");
    }
    if (error instanceof ProviderAlreadyLinked) {
      throw problem.conflict(
        "provider_already_linked",
        "Another identity of this provider is linked to you; unlink it first.",
      );
    }
    throw error;
  }
  await recordActivity(deps, auth.userId, "identity_linked", client);
  return linked;
};

export const startProviderSignIn = async (deps: UsersDependencies, providerId: string) =>
  startAttempt(deps, providerOf(deps, providerId), "sign-in");

/**
 * The user a verified identity signs in as: the one it is linked to; otherwise, where the
 * provider allows sign-up and vouches for the address, a new user. Never linked by email alone:
 * an address that belongs to a user here asks them to sign in and link first.
 */
const userForIdentity = async (
  deps: UsersDependencies,
  provider: OpenIdProviderConfig,
  identity: VerifiedExternalIdentity,
  client: ClientInfo,
): Promise<UserProfile> => {
  const ownerId = await deps.externalIdentities.ownerOf(provider.id, identity.subject);
  if (ownerId) {
    const profile = await deps.store.getProfile(ownerId);
    // A deleted or disabled user looks like an unknown one.
    if (!profile || profile.signInBlockedAt) {
      throw problem.unauthenticated("invalid_credentials", "This identity does not sign in here.");
    }
    return profile;
  }
  const email = trustedEmailOf(identity, provider);
  if (email && (await deps.store.findLogin("email", email))) {
    throw problem.conflict(
      "identity_not_linked",
      "A user with this email exists: sign in with your password and link this provider from your settings.",
    );
  }
  if (!provider.signUpAllowed) {
    throw problem.forbidden(
      "sign_up_not_allowed",
      "This identity is not linked to a user, and this provider cannot sign up.",
    );
  }
  if (!email) {
    throw problem.forbidden(
      "email_not_verified",
      "The provider did not vouch for your email address, so it cannot be used to sign up.",
    );
  }
  return signUpThroughProvider(deps, provider, identity, email, client);
};

export const completeProviderSignIn = async (
  deps: UsersDependencies,
  providerId: string,
  callback: ProviderCallback,
  client: ClientInfo,
) => {
  const provider = providerOf(deps, providerId);
  const identity = await finishAttempt(deps, provider, "sign-in", callback);
  const profile = await userForIdentity(deps, provider, identity, client);
  const factor = await deps.totpFactors.get(profile.userId);
  // The provider replaces the password, not the second factor.
  if (factor?.status === "enabled") return providerTotpChallenge(deps, profile);
  return issueProviderTokens(deps, profile, client);
};

export const listIdentities = async (deps: UsersDependencies, auth: AuthContext) => ({
  items: await deps.externalIdentities.list(auth.userId),
});

/** Unlinks, unless it is the user's last way to sign in (no password, no other identity). */
export const unlinkIdentity = async (
  deps: UsersDependencies,
  auth: AuthContext,
  providerId: string,
  client: ClientInfo,
) => {
  const outcome = await deps.externalIdentities.unlink(auth.userId, providerId);
  if (outcome === "not-linked") throw problem.notFound("No identity of this provider is linked to you.");
  if (outcome === "last-sign-in-method") {
    throw new Problem(
      409,
      "last_sign_in_method",
      "This is your only way to sign in: set a password or link another provider first.",
    );
  }
  await recordActivity(deps, auth.userId, "identity_unlinked", client);
};
