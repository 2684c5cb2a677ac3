import { Problem, problem } from "../../../../shared/src/http/problem.ts";
import { rateLimitBucket } from "../../../../shared/src/rate-limit/fixed-window-limiter.ts";
import type { UserProfile } from "../ports/user-store.ts";
import type { ClientInfo, UsersDependencies } from "./dependencies.ts";
import { findByUsername } from "./link-tokens.ts";
import { issueProviderTokens } from "./provider-tokens.ts";
import { recordActivity, startSession } from "./user-sessions.ts";

export { logout, refresh } from "./user-sessions.ts";

/** The purpose a sign-in challenge is sealed for, and how long it may be answered (Cognito's own limit). */
const CHALLENGE_PURPOSE = "totp-sign-in-challenge";
const CHALLENGE_TTL_MS = 3 * 60_000;

interface SealedChallenge {
  /** Cognito's session for the SOFTWARE_TOKEN_MFA challenge (none after a provider: custom auth follows the code). */
  cognitoSession?: string;
  cognitoUsername: string;
  userId: string;
  expiresAt: number;
  /** Set when the first factor was an external provider instead of the password. */
  via?: "provider";
}

const invalidCredentials = () =>
  problem.unauthenticated("invalid_credentials", "The username or password is not correct.");
const challengeUnusable = () =>
  problem.unauthenticated("invalid_token", "This sign-in challenge expired or is not valid; sign in again.");
const wrongCode = () =>
  new Problem(401, "mfa_invalid", "The authenticator code is wrong, expired or already used; wait for the next one.");

const beginSession = (
  deps: UsersDependencies,
  profile: UserProfile,
  tokens: Parameters<typeof startSession>[1]["tokens"],
  client: ClientInfo,
) =>
  startSession(deps, {
    userId: profile.userId,
    ...(profile.maxSessions !== undefined ? { maxSessions: profile.maxSessions } : {}),
    tokens,
    client,
  });

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
  await deps.signInLockout.clear(lockoutSubject);
  if (profile.email && !profile.emailVerified) {
    if (outcome.kind === "signed-in" && outcome.tokens.refreshToken) {
      await deps.identity.revoke(outcome.tokens.refreshToken);
    }
    throw problem.forbidden("email_not_verified", "Confirm your email address with the link we sent, then sign in.");
  }
  if (outcome.kind === "totp-required") {
    const challenge: SealedChallenge = {
      cognitoSession: outcome.session,
      cognitoUsername: profile.cognitoUsername,
      userId: profile.userId,
      expiresAt: deps.now().getTime() + CHALLENGE_TTL_MS,
    };
    return {
      challenge: "totp" as const,
      session: await deps.sealer.seal(JSON.stringify(challenge), CHALLENGE_PURPOSE),
    };
  }
  return beginSession(deps, profile, outcome.tokens, client);
};

/** The TOTP step after a provider vouched for a user with TOTP on: answered like the one after a password. */
export const providerTotpChallenge = async (deps: UsersDependencies, profile: UserProfile) => {
  const challenge: SealedChallenge = {
    cognitoUsername: profile.cognitoUsername,
    userId: profile.userId,
    expiresAt: deps.now().getTime() + CHALLENGE_TTL_MS,
    via: "provider",
  };
  return {
    challenge: "totp" as const,
    session: await deps.sealer.seal(JSON.stringify(challenge), CHALLENGE_PURPOSE),
  };
};

const openChallenge = async (deps: UsersDependencies, session: string): Promise<SealedChallenge> => {
  let challenge: SealedChallenge;
  try {
    challenge = JSON.parse(await deps.sealer.open(session, CHALLENGE_PURPOSE)) as SealedChallenge;
  } catch {
    throw challengeUnusable();
  }
  if (challenge.expiresAt <= deps.now().getTime()) throw challengeUnusable();
  return challenge;
};

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
  const [profile, factor] = await Promise.all([
    deps.store.getProfile(challenge.userId),
    deps.totpFactors.get(challenge.userId),
  ]);
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
  await deps.signInLockout.clear(lockoutSubject);
  return beginSession(deps, profile, outcome.tokens, client);
};
