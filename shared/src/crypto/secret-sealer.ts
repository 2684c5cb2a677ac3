import { DecryptCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";

/**
 * Encrypts a secret for one purpose so it can travel through events; only the holder of the key
 * (and the same purpose) can open it. KMS in AWS; the local runtime supplies an AES-GCM stand-in.
 */
export interface SecretSealer {
  seal(secret: string, purpose: string): Promise<string>;
  open(sealed: string, purpose: string): Promise<string>;
}

export const kmsSecretSealer = (keyId: string, client = new KMSClient({})): SecretSealer => ({
  async seal(secret, purpose) {
    const result = await client.send(
      new EncryptCommand({
        KeyId: keyId,
        Plaintext: Buffer.from(secret, "utf8"),
        EncryptionContext: { purpose },
      }),
    );
    return Buffer.from(result.CiphertextBlob ?? new Uint8Array()).toString("base64");
  },
  async open(sealed, purpose) {
    const result = await client.send(
      new DecryptCommand({
        KeyId: keyId,
        CiphertextBlob: Buffer.from(sealed, "base64"),
        EncryptionContext: { purpose },
      }),
    );
    return Buffer.from(result.Plaintext ?? new Uint8Array()).toString("utf8");
  },
});

/** Purposes that bind a sealed link token to the message that may open it. */
export const SEAL_PURPOSE = {
  emailVerification: "email-verification-link",
  passwordReset: "password-reset-link",
  invitation: "invitation-link",
  /** A create's first response kept for `Idempotency-Key` replays (it may carry a link). */
  idempotentResponse: "idempotent-response",
  phoneCode: "phone-verification-code",
} as const;
