import { rateLimitBucket } from "../../../../../shared/src/rate-limit/fixed-window-limiter.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { recordActivity } from "../security-activity.ts";
import { startSessionOf } from "../sessions/start-session.ts";
import { issueProviderTokens } from "./issue-provider-tokens.ts";
import { challengeUnusable, wrongCode } from "./refusals.ts";
import { openChallenge } from "./totp-challenge.ts";

/**
 * The second step of a TOTP sign-in. The code is checked and spent against the service's copy of
 * the factor first (the same replay guard as step-up), then answered to Cognito for the tokens.
 */
export const loginWithTotp = async (
  deps: UsersDependencies,
  input: { session: string; code: string },
  client: ClientInfo,
) => {
  const challenge = await openChallenge(deps, input.session);
  // Wrong codes count toward a progressive lockout of this user's second step.
  const lockoutSubject = rateLimitBucket("sign-in-totp", challenge.userId);
  await deps.signInLockout.admit(lockoutSubject);
  const { profile, factor } = await deps.store.getProfileAndFactor(challenge.userId);
  if (!profile) throw challengeUnusable();
  // A pending factor counts too: Cognito asks for TOTP once the code is verified there, even if a
  // crash kept the table from recording it; the secret is the same one.
  const spent = factor ? await deps.totpFactors.spendCode(factor, input.code, deps.now()) : "invalid";
  if (spent !== "accepted") {
    await recordActivity(deps, challenge.userId, "mfa_challenge_failed", client);
    throw wrongCode();
  }
  if (challenge.via === "provider" || !challenge.cognitoSession) {
    await deps.signInLockout.clear(lockoutSubject);
    return issueProviderTokens(deps, profile, client);
  }
  const outcome = await deps.identity.answerTotpChallenge({
    username: challenge.cognitoUsername,
    session: challenge.cognitoSession,
    code: input.code,
  });
  if (outcome.kind === "expired") throw challengeUnusable();
  if (outcome.kind === "code-rejected") {
    await recordActivity(deps, challenge.userId, "mfa_challenge_failed", client);
    throw wrongCode();
  }
  return startSessionOf(deps, profile, outcome.tokens, client, lockoutSubject);
};
