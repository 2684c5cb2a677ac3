import { DecryptCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import type { SecretSealer } from "../crypto/secret-sealer.ts";

/** The sealer in AWS: KMS encryption under the platform key, bound to the purpose by the encryption context. */
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
