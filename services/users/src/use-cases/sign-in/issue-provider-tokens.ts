import { issueLink } from "../../../../../shared/src/crypto/link-token.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import type { UserProfile } from "../../ports/user-store.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { recordActivity } from "../security-activity.ts";
import { startSessionOf } from "../sessions/start-session.ts";

/** How long the proof handed to Cognito's custom-auth challenge is good for (it is spent at once). */
const PROOF_TTL_SECONDS = 60;

/**
 * Signs in through Cognito's custom-auth flow: a single-use proof (only its hash stored) is what
 * the verify-challenge trigger accepts, so the tokens are Cognito's own, as after a password.
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
  await recordActivity(deps, profile.userId, "signed_in_with_provider", client);
  return startSessionOf(deps, profile, tokens, client);
};
