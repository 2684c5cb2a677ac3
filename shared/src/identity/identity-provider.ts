/** Tokens as the API returns them after a successful sign-in or refresh. */
export interface SessionTokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  expiresIn: number;
}

export type ChallengeOutcome =
  | { kind: "signed-in"; tokens: SessionTokens }
  | { kind: "code-rejected" }
  | { kind: "expired" };

export type SignInOutcome =
  | { kind: "signed-in"; tokens: SessionTokens }
  | { kind: "totp-required"; session: string }
  | { kind: "rejected" };

/** The identity provider (Cognito): passwords, sign-in and tokens live there, profiles do not. */
export interface IdentityProvider {
  /** Creates a user with a permanent password; returns the provider's immutable id (`sub`). */
  createUser(input: { username: string; email?: string; password: string }): Promise<{ userId: string }>;
  deleteUser(username: string): Promise<void>;
  /** Blocks the user's sign-in at once and revokes their tokens (the user and their data stay). */
  disableUser(username: string): Promise<void>;
  setPassword(username: string, password: string): Promise<void>;
  markEmailVerified(username: string, email: string): Promise<void>;
  signIn(username: string, password: string): Promise<SignInOutcome>;
  refresh(refreshToken: string): Promise<SessionTokens | undefined>;
  revoke(refreshToken: string): Promise<void>;
  /** Starts TOTP enrolment for the holder of the access token; returns the new secret (base32). */
  associateTotp(accessToken: string): Promise<string>;
  /** Verifies the first code of an enrolment and makes TOTP the preferred (and only) MFA; false for a wrong code. */
  enableTotp(accessToken: string, code: string): Promise<boolean>;
  /** Turns TOTP MFA off for the holder of the access token. */
  disableTotp(accessToken: string): Promise<void>;
  /** Answers a SOFTWARE_TOKEN_MFA sign-in challenge. */
  answerTotpChallenge(input: { username: string; session: string; code: string }): Promise<ChallengeOutcome>;
  /**
   * Signs in through the custom-auth flow, answering its one challenge with a proof the users
   * service issued after an external provider vouched for the user; `undefined` when refused.
   */
  signInWithProof(username: string, proof: string): Promise<SessionTokens | undefined>;
  /** A cheap call proving the provider answers, for the health check. */
  ping(): Promise<void>;
}
