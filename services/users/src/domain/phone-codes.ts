import { randomBytes, randomInt, scrypt, timingSafeEqual } from "node:crypto";

/**
 * The rules of SMS codes (SPEC 6.1 "Phone"): 6 digits, stored only as a salted hash, valid for a
 * while, a limited number of wrong guesses, and a pause before another code may be sent.
 */
export interface PhoneCodeRules {
  /** How long a code works, in seconds (10 minutes). */
  ttlSeconds: number;
  /** How long after sending a code the next one may be sent, in seconds (60). */
  resendSeconds: number;
  /** Wrong guesses that void a code (5). */
  maxAttempts: number;
}

export type PhoneCodePurpose = "verify" | "change";

/** A pending code as stored: never the code itself. */
export interface PhoneCodeRecord {
  userId: string;
  purpose: PhoneCodePurpose;
  number: string;
  codeHash: string;
  codeSalt: string;
  /** Epoch ms. */
  issuedAt: number;
  /** Epoch ms. */
  validUntil: number;
  attempts: number;
}

export const CODE_DIGITS = 6;

/** A uniformly random 6-digit code (leading zeros kept). */
export const newPhoneCode = (): string => String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, "0");

const scryptAsync = (code: string, salt: Buffer) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(code, salt, 32, { N: 16_384, r: 8, p: 1 }, (error, key) => (error ? reject(error) : resolve(key))),
  );

/**
 * A 6-digit code has a million values, so a plain hash of it is as good as the code to whoever
 * reads the table. A per-code salt and scrypt (tens of ms per guess) make trying them all take
 * far longer than the code lives.
 */
export const hashPhoneCode = async (code: string, salt = randomBytes(16)) => ({
  codeHash: (await scryptAsync(code, salt)).toString("base64url"),
  codeSalt: salt.toString("base64url"),
});

export const codeMatches = async (record: Pick<PhoneCodeRecord, "codeHash" | "codeSalt">, code: string) => {
  const expected = Buffer.from(record.codeHash, "base64url");
  const actual = await scryptAsync(code, Buffer.from(record.codeSalt, "base64url"));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
};

/** Seconds until another code may be sent, or 0 when one may be sent now. */
export const secondsUntilResend = (
  existing: Pick<PhoneCodeRecord, "issuedAt"> | undefined,
  now: Date,
  rules: PhoneCodeRules,
): number => {
  if (!existing) return 0;
  const waitMs = existing.issuedAt + rules.resendSeconds * 1000 - now.getTime();
  return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
};

/** When a code sent now stops working and when the next may be sent. */
export const codeTimes = (now: Date, rules: PhoneCodeRules) => ({
  issuedAt: now.getTime(),
  validUntil: now.getTime() + rules.ttlSeconds * 1000,
  resendAt: now.getTime() + rules.resendSeconds * 1000,
});

/**
 * What a code the user typed amounts to, before the single-use write decides who gets it:
 * `missing` (none pending: never sent, used, or replaced), `expired`, `exhausted` (too many wrong
 * guesses), `wrong`, or `match`.
 */
export type CodeVerdict = "missing" | "expired" | "exhausted" | "wrong" | "match";

export const judgeCode = async (
  record: PhoneCodeRecord | undefined,
  code: string,
  now: Date,
  rules: PhoneCodeRules,
): Promise<CodeVerdict> => {
  if (!record) return "missing";
  if (now.getTime() >= record.validUntil) return "expired";
  if (record.attempts >= rules.maxAttempts) return "exhausted";
  return (await codeMatches(record, code)) ? "match" : "wrong";
};
