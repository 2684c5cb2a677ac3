import type { UserProfile } from "../../ports/user-store.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { challengeUnusable } from "./refusals.ts";

/** The purpose a sign-in challenge is sealed for, and how long it may be answered (Cognito's own limit). */
const CHALLENGE_PURPOSE = "totp-sign-in-challenge";
const CHALLENGE_TTL_MS = 3 * 60_000;

export interface SealedChallenge {
  /** Cognito's session for the SOFTWARE_TOKEN_MFA challenge (none after a provider: custom auth follows the code). */
  cognitoSession?: string;
  cognitoUsername: string;
  userId: string;
  expiresAt: number;
  /** Set when the first factor was an external provider instead of the password. */
  via?: "provider";
}

/** The answer asking for a TOTP code: the challenge sealed, with its expiry, as the `session` to send back. */
export const totpChallenge = async (
  deps: UsersDependencies,
  profile: UserProfile,
  challenge: Pick<SealedChallenge, "cognitoSession" | "via">,
) => {
  const sealed: SealedChallenge = {
    ...challenge,
    cognitoUsername: profile.cognitoUsername,
    userId: profile.userId,
    expiresAt: deps.now().getTime() + CHALLENGE_TTL_MS,
  };
  return {
    challenge: "totp" as const,
    session: await deps.sealer.seal(JSON.stringify(sealed), CHALLENGE_PURPOSE),
  };
};

/** The TOTP step after a provider vouched for a user with TOTP on: answered like the one after a password. */
export const providerTotpChallenge = (deps: UsersDependencies, profile: UserProfile) =>
  totpChallenge(deps, profile, { via: "provider" });

export const openChallenge = async (deps: UsersDependencies, session: string): Promise<SealedChallenge> => {
  let challenge: SealedChallenge;
  try {
    challenge = JSON.parse(await deps.sealer.open(session, CHALLENGE_PURPOSE)) as SealedChallenge;
  } catch {
    throw challengeUnusable();
  }
  if (challenge.expiresAt <= deps.now().getTime()) throw challengeUnusable();
  return challenge;
};
