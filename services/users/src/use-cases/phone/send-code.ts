import { SEAL_PURPOSE } from "../../../../../shared/src/crypto/secret-sealer.ts";
import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { rateLimitBucket } from "../../../../../shared/src/rate-limit/fixed-window-limiter.ts";
import {
  codeTimes,
  hashPhoneCode,
  newPhoneCode,
  type PhoneCodePurpose,
  type PhoneCodeRecord,
  secondsUntilResend,
} from "../../domain/phone-codes.ts";
import { PhoneChanged, ResendTooEarly } from "../../ports/phone-store.ts";
import type { UserProfile } from "../../ports/user-store.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { phoneCodeRules } from "./phone-rules.ts";

/**
 * Sends a code to `number` for `purpose`:
 * 1. the resend pause is checked against the pending code first, so an early retry costs no quota;
 * 2. the per-user and per-number quotas are spent;
 * 3. the code's hash and the event carrying the sealed code are written in one transaction whose
 *    condition enforces the pause again (two parallel requests send one SMS).
 */
export const sendCode = async (
  deps: UsersDependencies,
  profile: UserProfile,
  pending: PhoneCodeRecord | undefined,
  purpose: PhoneCodePurpose,
  number: string,
  expectedStatus: "unconfirmed" | "confirmed",
) => {
  const rules = phoneCodeRules(deps);
  const now = deps.now();
  const wait = secondsUntilResend(pending, now, rules);
  if (wait > 0) throw problem.rateLimited(wait);
  await deps.rateLimiter.consume({
    bucket: rateLimitBucket("phone-code-user", profile.userId),
    limit: deps.config.PHONE_CODES_PER_USER_PER_HOUR,
    windowSeconds: 3600,
  });
  await deps.rateLimiter.consume({
    bucket: rateLimitBucket("phone-code-number", number),
    limit: deps.config.PHONE_CODES_PER_NUMBER_PER_DAY,
    windowSeconds: 86_400,
  });

  const code = newPhoneCode();
  const times = codeTimes(now, rules);
  const expiresAt = new Date(times.validUntil).toISOString();
  try {
    await deps.phones.issueCode({
      record: {
        userId: profile.userId,
        purpose,
        number,
        ...(await hashPhoneCode(code)),
        issuedAt: times.issuedAt,
        validUntil: times.validUntil,
        attempts: 0,
      },
      expectedStatus,
      resendThreshold: now.getTime() - rules.resendSeconds * 1000,
      event: outboxItem({
        type: "PhoneVerificationCodeIssued",
        now,
        actor: { type: "user", userId: profile.userId },
        data: {
          userId: profile.userId,
          number,
          purpose,
          locale: profile.locale,
          code: await deps.sealer.seal(code, SEAL_PURPOSE.phoneCode),
          expiresAt,
        },
      }),
    });
  } catch (error) {
    if (error instanceof ResendTooEarly) throw problem.rateLimited(rules.resendSeconds);
    if (error instanceof PhoneChanged) {
      throw problem.conflict("phone_changed", "Your phone changed meanwhile; check it and try again.");
    }
    throw error;
  }
  return { expiresAt, resendAfter: new Date(times.resendAt).toISOString() };
};
