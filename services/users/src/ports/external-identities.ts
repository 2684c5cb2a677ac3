import type { SecurityActivityEntry } from "./security-activity.ts";

/** An external identity linked to a user (`GET /v1/me/identities`). */
export interface LinkedIdentity {
  provider: string;
  subject: string;
  email?: string;
  linkedAt: string;
}

/** A started authorization at a provider, as the callback finds it (by the state's hash). */
export interface OpenIdAttempt {
  stateHash: string;
  provider: string;
  purpose: "sign-in" | "link";
  userId?: string;
  /** The PKCE verifier and nonce, sealed. */
  sealedSecrets: string;
  expiresAt: number;
}

export class IdentityTaken extends Error {
  override name = "IdentityTaken";
}
export class ProviderAlreadyLinked extends Error {
  override name = "ProviderAlreadyLinked";
}

/** Linked identities, started authorizations and the proofs the Cognito custom-auth challenge is answered with. */
export interface ExternalIdentityStore {
  saveAttempt(attempt: OpenIdAttempt): Promise<void>;
  /** Deletes and returns the attempt if it exists and has not expired: one callback per attempt. */
  consumeAttempt(stateHash: string, now: Date): Promise<OpenIdAttempt | undefined>;
  /** The user a provider's subject is linked to. */
  ownerOf(provider: string, subject: string): Promise<string | undefined>;
  /**
   * Links atomically: the subject's claim (unique across users) and the user's identity (one per
   * provider), with the `activity` entry that records it. Throws `IdentityTaken` or `ProviderAlreadyLinked`.
   */
  link(userId: string, identity: LinkedIdentity, activity: SecurityActivityEntry): Promise<void>;
  list(userId: string): Promise<LinkedIdentity[]>;
  /**
   * Removes the identity and its claim, in one transaction with a condition on the user that it
   * is not their last way to sign in (no password and no other identity), and the `activity` entry.
   */
  unlink(
    userId: string,
    provider: string,
    activity: SecurityActivityEntry,
  ): Promise<"unlinked" | "not-linked" | "last-sign-in-method">;
  issueProof(input: { proofHash: string; userId: string; expiresAt: number }): Promise<void>;
  /** Deletes the proof if it belongs to the user and has not expired; true when it did. */
  spendProof(proofHash: string, userId: string, now: Date): Promise<boolean>;
}
