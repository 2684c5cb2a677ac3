/**
 * Encrypts a secret for one purpose so it can travel through events; only the holder of the key
 * (and the same purpose) can open it. KMS in AWS (shared/src/aws/kms-secret-sealer.ts); the local
 * runtime supplies an AES-GCM stand-in. No client is imported here: code that only names a purpose
 * (the idempotency store, every function built on the service handler) stays free of the KMS SDK.
 */
export interface SecretSealer {
  seal(secret: string, purpose: string): Promise<string>;
  open(sealed: string, purpose: string): Promise<string>;
}

/** Purposes that bind a sealed link token to the message that may open it. */
export const SEAL_PURPOSE = {
  emailVerification: "email-verification-link",
  passwordReset: "password-reset-link",
  invitation: "invitation-link",
  /** A create's first response kept for `Idempotency-Key` replays (it may carry a link). */
  idempotentResponse: "idempotent-response",
  phoneCode: "phone-verification-code",
} as const;
