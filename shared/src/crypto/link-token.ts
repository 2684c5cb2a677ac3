import { createHash, randomBytes } from "node:crypto";

/** A new single-use link secret: 256 random bits, URL-safe. Only its hash is ever stored. */
const newLinkToken = (): string => randomBytes(32).toString("base64url");

/** The stored form of a link secret. SHA-256 suffices: the input has 256 bits of entropy. */
export const hashLinkToken = (token: string): string => createHash("sha256").update(token).digest("base64url");

/** A single-use link as issued: the secret for the recipient, its hash for the table, and when it lapses. */
export interface IssuedLink {
  token: string;
  tokenHash: string;
  expiresAt: Date;
  /** `expiresAt` in epoch seconds, the form a DynamoDB TTL attribute takes. */
  expiresAtSeconds: number;
  /** The page the recipient opens, with the secret in its query (only when a page was named). */
  url?: string;
}

/**
 * Issues a single-use link: a fresh secret, the hash to store, the expiry, and (given a page) the
 * URL carrying the secret as `?token=` or the named parameter.
 */
export const issueLink = (options: {
  now: Date;
  ttlMs: number;
  page?: { base: string; path: string; parameter?: string };
}): IssuedLink => {
  const token = newLinkToken();
  const expiresAt = new Date(options.now.getTime() + options.ttlMs);
  const link: IssuedLink = {
    token,
    tokenHash: hashLinkToken(token),
    expiresAt,
    expiresAtSeconds: Math.floor(expiresAt.getTime() / 1000),
  };
  if (options.page) {
    const url = new URL(options.page.path, options.page.base);
    url.searchParams.set(options.page.parameter ?? "token", token);
    link.url = url.toString();
  }
  return link;
};
