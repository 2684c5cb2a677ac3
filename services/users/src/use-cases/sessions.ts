import { problem } from "../../../../shared/src/http/problem.ts";
import { rateLimitBucket } from "../../../../shared/src/rate-limit/fixed-window-limiter.ts";
import type { UsersDependencies } from "./dependencies.ts";
import { findByUsername } from "./link-tokens.ts";

const invalidCredentials = () =>
  problem.unauthenticated("invalid_credentials", "The username or password is not correct.");

/**
 * Sign-in with email or login. Unknown users and wrong passwords look the same (both count
 * toward the username's progressive lockout; the right password starts it over); an unverified
 * email is only reported to someone who knew the password. The per-client-address limit is
 * declared on the route.
 */
export const login = async (deps: UsersDependencies, username: string, password: string) => {
  const lockoutSubject = rateLimitBucket("sign-in", username);
  await deps.signInLockout.admit(lockoutSubject);
  const profile = await findByUsername(deps, username);
  if (!profile) throw invalidCredentials();
  const outcome = await deps.identity.signIn(profile.cognitoUsername, password);
  if (outcome.kind === "rejected") throw invalidCredentials();
  await deps.signInLockout.clear(lockoutSubject);
  if (profile.email && !profile.emailVerified) {
    if (outcome.kind === "signed-in" && outcome.tokens.refreshToken) {
      await deps.identity.revoke(outcome.tokens.refreshToken);
    }
    throw problem.forbidden("email_not_verified", "Confirm your email address with the link we sent, then sign in.");
  }
  if (outcome.kind === "totp-required") return { challenge: "totp" as const, session: outcome.session };
  return outcome.tokens;
};

export const refresh = async (deps: UsersDependencies, refreshToken: string) => {
  const tokens = await deps.identity.refresh(refreshToken);
  if (!tokens) throw problem.unauthenticated("invalid_token", "The refresh token is not valid; sign in again.");
  return tokens;
};

export const logout = async (deps: UsersDependencies, refreshToken: string) => {
  await deps.identity.revoke(refreshToken);
};
