import { generateSecret, generateURI, verifySync } from "otplib";

/**
 * TOTP as Cognito software tokens use it (RFC 6238: SHA-1, 6 digits, 30 s steps). The rules for
 * codes live here, free of AWS and HTTP, so they are unit-tested with a fake clock.
 */
export const TOTP_PERIOD_SECONDS = 30;

/** One step either way: a phone clock a little off still works, as with Cognito. */
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;

export const TOTP_CODE_PATTERN = /^\d{6}$/;

/** The time step a moment falls in. */
export const timeStepAt = (at: Date): number => Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);

export type CodeCheck = { valid: true; timeStep: number } | { valid: false };

/**
 * Checks a code against a secret at a moment. `usedUpTo` is the last time step a code of this
 * user was accepted in: a code of that step or an earlier one is refused (no replay, RFC 6238
 * section 5.2), even within the tolerance window.
 */
export const checkTotpCode = (secret: string, code: string, at: Date, usedUpTo?: number): CodeCheck => {
  if (!TOTP_CODE_PATTERN.test(code)) return { valid: false };
  try {
    const result = verifySync({
      secret,
      token: code,
      epoch: Math.floor(at.getTime() / 1000),
      period: TOTP_PERIOD_SECONDS,
      epochTolerance: TOLERANCE_SECONDS,
      ...(usedUpTo === undefined ? {} : { afterTimeStep: usedUpTo }),
    });
    if (!result.valid) return { valid: false };
    return { valid: true, timeStep: timeStepAt(at) + result.delta };
  } catch {
    return { valid: false };
  }
};

/** The `otpauth://` URI an authenticator app scans. */
export const otpauthUri = ({ secret, label, issuer }: { secret: string; label: string; issuer: string }) =>
  generateURI({ issuer, label, secret, period: TOTP_PERIOD_SECONDS });

/** A new base32 secret (only for tests and tools: Cognito generates the real ones). */
export const newTotpSecret = () => generateSecret({ length: 20 });
