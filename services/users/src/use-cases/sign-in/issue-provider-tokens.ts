import { issueLink } from "../../../../../shared/src/crypto/link-token.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import type { UserProfile } from "../../ports/user-store.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { startSession } from "../sessions/start-session.ts";

/** How long the proof handed to Cognito's custom-auth challenge is good for (it is spent at once). */
const PROOF_TTL_SECONDS = 60;

/**
 * Signs in through Cognito's custom-auth flow: a single-use proof (only its hash stored) is what
 * the verify-challenge trigger accepts, so the tokens are Cognito's own, as after a password. The
 * proof is written before Cognito is asked (the trigger spends it); the `signed_in_with_provider`
 * entry is written with the session.
 */
export const issueProviderTokens = async (deps: UsersDependencies, profile: UserProfile, client: ClientInfo) => {
  const proof = issueLink({ now: deps.now(), ttlMs: PROOF_TTL_SECONDS * 1000 });
  await deps.externalIdentities.issueProof({
    proofHash: proof.tokenHash,
    userId: profile.userId,
    expiresAt: proof.expiresAtSeconds,
  });
  const tokens = await deps.identity.signInWithProof(profile.cognitoUsername, proof.token);
  if (!tokens) throw problem.unauthenticated("invalid_credentials", "Signing in through the provider was refused.");
  return startSession(deps, {
    userId: profile.userId,
    ...(profile.maxSessions !== undefined ? { maxSessions: profile.maxSessions } : {}),
    tokens,
    client,
    alsoRecorded: "signed_in_with_provider",
  });
};
