import { problem } from "../../../../../shared/src/http/problem.ts";
import { rateLimitBucket } from "../../../../../shared/src/rate-limit/fixed-window-limiter.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { recordActivity } from "../security-activity.ts";
import { startSessionOf } from "../sessions/start-session.ts";
import { findByUsername } from "./find-by-username.ts";
import { invalidCredentials } from "./refusals.ts";
import { totpChallenge } from "./totp-challenge.ts";

/**
 * Sign-in with email or login. Unknown users and wrong passwords look the same (both count
 * toward the username's progressive lockout; the right password starts it over); an unverified
 * email is only reported to someone who knew the password. The per-client-address limit is
 * declared on the route. With TOTP on, the answer is a
 * challenge whose `session` is sealed (Cognito's session, the user, an expiry), so answering it
 * needs no table read and cannot be pointed at another user.
 */
export const login = async (deps: UsersDependencies, username: string, password: string, client: ClientInfo) => {
  const lockoutSubject = rateLimitBucket("sign-in", username);
  await deps.signInLockout.admit(lockoutSubject);
  const profile = await findByUsername(deps, username);
  // A deleted or disabled user looks like an unknown one.
  if (!profile || profile.signInBlockedAt) throw invalidCredentials();
  const outcome = await deps.identity.signIn(profile.cognitoUsername, password);
  if (outcome.kind === "rejected") {
    await recordActivity(deps, profile.userId, "sign_in_failed", client);
    throw invalidCredentials();
  }
  // The right password starts the lockout over: with the session's transaction when one starts.
  if (profile.email && !profile.emailVerified) {
    await deps.signInLockout.clear(lockoutSubject);
    if (outcome.kind === "signed-in" && outcome.tokens.refreshToken) {
      await deps.identity.revoke(outcome.tokens.refreshToken);
    }
    throw problem.forbidden("email_not_verified", "Confirm your email address with the link we sent, then sign in.");
  }
  if (outcome.kind === "totp-required") {
    await deps.signInLockout.clear(lockoutSubject);
    return totpChallenge(deps, profile, { cognitoSession: outcome.session });
  }
  return startSessionOf(deps, profile, outcome.tokens, client, lockoutSubject);
};
