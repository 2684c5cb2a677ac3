import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { SecretSealer } from "../../shared/src/crypto/secret-sealer.ts";
import { writeFileAtomically } from "../atomic-file.ts";

/**
 * The KMS stand-in (no KMS emulator exists): AES-256-GCM with a key kept under the data
 * directory, the purpose bound as additional authenticated data like KMS's encryption context.
 */
export const localSecretSealer = (dataDir: string): SecretSealer => {
  const keyPath = path.join(dataDir, "kms.key");
  if (!existsSync(keyPath)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileAtomically(keyPath, randomBytes(32), { mode: 0o600 });
  }
  const key = readFileSync(keyPath);
  return {
    async seal(secret, purpose) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(purpose));
      const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
    },
    async open(sealed, purpose) {
      const raw = Buffer.from(sealed, "base64");
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    },
  };
};
