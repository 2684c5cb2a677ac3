import { createHash, randomBytes } from "node:crypto";

/** A new single-use link secret: 256 random bits, URL-safe. Only its hash is ever stored. */
export const newLinkToken = (): string => randomBytes(32).toString("base64url");

/** The stored form of a link secret. SHA-256 suffices: the input has 256 bits of entropy. */
export const hashLinkToken = (token: string): string => createHash("sha256").update(token).digest("base64url");
