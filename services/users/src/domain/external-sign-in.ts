import type { OpenIdProviderConfig } from "../../../../shared/src/config/openid-providers.ts";

/** What the users service learned from a verified ID token. */
export interface VerifiedExternalIdentity {
  provider: string;
  subject: string;
  email?: string;
  emailVerified: boolean;
  name?: string;
}

/**
 * The address a provider vouches for, or nothing. Never link or create by email alone: the claim
 * counts only when the provider says it verified it AND the stage marks the provider as the
 * authority for its addresses (any OpenID provider can put any address in its tokens).
 */
export const trustedEmailOf = (
  identity: VerifiedExternalIdentity,
  provider: Pick<OpenIdProviderConfig, "emailAuthoritative">,
): string | undefined =>
  identity.email && identity.emailVerified && provider.emailAuthoritative ? identity.email.toLowerCase() : undefined;

/** One step of a Cognito custom-auth session, as the DefineAuthChallenge trigger sees it. */
export interface CustomChallengeResult {
  challengeName: string;
  challengeResult: boolean;
}

export type CustomAuthDecision = { kind: "challenge" } | { kind: "issue-tokens" } | { kind: "fail" };

/**
 * The provider sign-in as a Cognito custom-auth flow: exactly one custom challenge, answered with
 * the single-use proof the users service issued after verifying the provider's ID token. One
 * wrong answer ends the attempt (a proof is never guessed twice); anything else is refused.
 */
export const decideCustomAuth = (session: readonly CustomChallengeResult[]): CustomAuthDecision => {
  if (session.length === 0) return { kind: "challenge" };
  const [only, ...rest] = session;
  if (rest.length === 0 && only?.challengeName === "CUSTOM_CHALLENGE" && only.challengeResult) {
    return { kind: "issue-tokens" };
  }
  return { kind: "fail" };
};
