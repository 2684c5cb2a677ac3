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
  // A deleted or disabled user looks like an unknown one.
  if (!profile || profile.signInBlockedAt) throw invalidCredentials();
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

const invalidRefreshToken = () =>
  problem.unauthenticated("invalid_token", "The refresh token is not valid; sign in again.");

/** The `sub` of an access token the identity provider has just issued to us (so not verified again). */
const subjectOf = (accessToken: string): string | undefined => {
  try {
    const payload = JSON.parse(Buffer.from(accessToken.split(".")[1] ?? "", "base64url").toString("utf8"));
    return typeof payload.sub === "string" ? payload.sub : undefined;
  } catch {
    return undefined;
  }
};

/**
 * New tokens for a refresh token, unless the user was deleted or disabled meanwhile: then the
 * refresh token is revoked and refused at once, whatever the identity provider would still allow.
 */
export const refresh = async (deps: UsersDependencies, refreshToken: string) => {
  const tokens = await deps.identity.refresh(refreshToken);
  if (!tokens) throw invalidRefreshToken();
  const userId = subjectOf(tokens.accessToken);
  const profile = userId ? await deps.store.getProfile(userId) : undefined;
  if (!profile || profile.signInBlockedAt) {
    await deps.identity.revoke(refreshToken);
    throw invalidRefreshToken();
  }
  return tokens;
};

export const logout = async (deps: UsersDependencies, refreshToken: string) => {
  await deps.identity.revoke(refreshToken);
};
