import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { SecretSealer } from "./secret-sealer.ts";

interface Envelope {
  /** The data key, sealed by the platform key (KMS): the only part KMS sees, so size is no limit. */
  key: string;
  iv: string;
  tag: string;
  body: string;
}

/**
 * Envelope encryption of a document of any size: a fresh AES-256-GCM data key encrypts it, and
 * the sealer (KMS) seals that key for `purpose`. `context` (e.g. the record's key) is bound as
 * additional authenticated data, so a sealed document cannot be moved to another record.
 */
export const sealDocument = async (
  sealer: SecretSealer,
  purpose: string,
  plaintext: string,
  context: string,
): Promise<string> => {
  const dataKey = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", dataKey, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const envelope: Envelope = {
    key: await sealer.seal(dataKey.toString("base64"), purpose),
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    body: body.toString("base64"),
  };
  return JSON.stringify(envelope);
};

/** Opens what `sealDocument` sealed with the same purpose and context; throws if either differs. */
export const openDocument = async (
  sealer: SecretSealer,
  purpose: string,
  sealed: string,
  context: string,
): Promise<string> => {
  const envelope = JSON.parse(sealed) as Envelope;
  const dataKey = Buffer.from(await sealer.open(envelope.key, purpose), "base64");
  const decipher = createDecipheriv("aes-256-gcm", dataKey, Buffer.from(envelope.iv, "base64"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(envelope.tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(envelope.body, "base64")), decipher.final()]).toString("utf8");
};
