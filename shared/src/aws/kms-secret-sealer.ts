import { DecryptCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { onFirstUse } from "../cold-start/on-first-use.ts";
import type { SecretSealer } from "../crypto/secret-sealer.ts";

/**
 * The sealer in AWS: KMS encryption under the platform key, bound to the purpose by the encryption
 * context. Without a client given, it makes one on its first seal or open (once per cold start):
 * most requests seal nothing, so a cold start does not pay for a client they never use.
 */
export const kmsSecretSealer = (keyId: string, client?: KMSClient): SecretSealer => {
  const kmsClient = onFirstUse(() => client ?? new KMSClient({}));
  return {
    async seal(secret, purpose) {
      const result = await kmsClient().send(
        new EncryptCommand({
          KeyId: keyId,
          Plaintext: Buffer.from(secret, "utf8"),
          EncryptionContext: { purpose },
        }),
      );
      return Buffer.from(result.CiphertextBlob ?? new Uint8Array()).toString("base64");
    },
    async open(sealed, purpose) {
      const result = await kmsClient().send(
        new DecryptCommand({
          KeyId: keyId,
          CiphertextBlob: Buffer.from(sealed, "base64"),
          EncryptionContext: { purpose },
        }),
      );
      return Buffer.from(result.Plaintext ?? new Uint8Array()).toString("utf8");
    },
  };
};
