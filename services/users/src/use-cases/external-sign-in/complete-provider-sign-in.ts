import type { OpenIdProviderConfig } from "../../../../../shared/src/config/openid-providers.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import type { TotpFactor } from "../../../../../shared/src/mfa/totp-factors.ts";
import { trustedEmailOf, type VerifiedExternalIdentity } from "../../domain/external-sign-in.ts";
import type { UserProfile } from "../../ports/user-store.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { issueProviderTokens } from "../sign-in/issue-provider-tokens.ts";
import { providerTotpChallenge } from "../sign-in/totp-challenge.ts";
import { signUpThroughProvider } from "../sign-up/sign-up-through-provider.ts";
import { finishAttempt, type ProviderCallback, providerOf } from "./authorization-attempts.ts";

/**
 * The user a verified identity signs in as, with their TOTP factor (read with the profile): the one
 * it is linked to; otherwise, where the provider allows sign-up and vouches for the address, a new
 * user (who has no factor yet). Never linked by email alone: an address that belongs to a user
 * here asks them to sign in and link first.
 */
const userForIdentity = async (
  deps: UsersDependencies,
  provider: OpenIdProviderConfig,
  identity: VerifiedExternalIdentity,
  client: ClientInfo,
): Promise<{ profile: UserProfile; factor?: TotpFactor }> => {
  const ownerId = await deps.externalIdentities.ownerOf(provider.id, identity.subject);
  if (ownerId) {
    const { profile, factor } = await deps.store.getProfileAndFactor(ownerId);
    // A deleted or disabled user looks like an unknown one.
    if (!profile || profile.signInBlockedAt) {
      throw problem.unauthenticated("invalid_credentials", "This identity does not sign in here.");
    }
    return factor ? { profile, factor } : { profile };
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
  return { profile: await signUpThroughProvider(deps, provider, identity, email, client) };
};

export const completeProviderSignIn = async (
  deps: UsersDependencies,
  providerId: string,
  callback: ProviderCallback,
  client: ClientInfo,
) => {
  const provider = providerOf(deps, providerId);
  const identity = await finishAttempt(deps, provider, "sign-in", callback);
  const { profile, factor } = await userForIdentity(deps, provider, identity, client);
  // The provider replaces the password, not the second factor.
  if (factor?.status === "enabled") return providerTotpChallenge(deps, profile);
  return issueProviderTokens(deps, profile, client);
};
