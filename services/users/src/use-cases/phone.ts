import type { AuthContext } from "../../../../shared/src/auth/auth-context.ts";
import { SEAL_PURPOSE } from "../../../../shared/src/crypto/secret-sealer.ts";
import { outboxItem } from "../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import { rateLimitBucket } from "../../../../shared/src/rate-limit/fixed-window-limiter.ts";
import {
  codeTimes,
  hashPhoneCode,
  judgeCode,
  newPhoneCode,
  type PhoneCodePurpose,
  type PhoneCodeRecord,
  type PhoneCodeRules,
  secondsUntilResend,
} from "../domain/phone-codes.ts";
import { CodeUnusable, PhoneChanged, ResendTooEarly } from "../ports/phone-store.ts";
import type { UserProfile } from "../ports/user-store.ts";
import type { ClientInfo, UsersDependencies } from "./dependencies.ts";
import { recordActivity } from "./user-sessions.ts";

/** How a profile's phone is shown (GET /v1/me, the member view). */
export const phoneView = (profile: Pick<UserProfile, "phone" | "phoneStatus">) =>
  profile.phone ? { number: profile.phone, status: profile.phoneStatus ?? ("unconfirmed" as const) } : null;

export const phoneCodeRules = (deps: UsersDependencies): PhoneCodeRules => ({
  ttlSeconds: deps.config.PHONE_CODE_TTL_SECONDS,
  resendSeconds: deps.config.PHONE_CODE_RESEND_SECONDS,
  maxAttempts: 5,
});

const phoneConfirmed = () =>
  problem.conflict(
    "phone_confirmed",
    "Your phone is confirmed; to replace it, use the change flow (a code is sent to the current number).",
  );
const phoneRequired = () => problem.unprocessable("phone_required", "Add a phone number first.");
const phoneNotConfirmed = () =>
  problem.unprocessable("phone_not_confirmed", "Only a confirmed phone is changed this way; set a new number instead.");
const codeExpired = () =>
  problem.gone(
    "code_expired",
    "This code has expired, was already used or had too many wrong attempts; ask for a new one.",
  );
const codeInvalid = (attemptsLeft: number) =>
  problem.unprocessable("code_invalid", `That code is not right; ${attemptsLeft} attempt(s) left.`);

const loadProfile = async (deps: UsersDependencies, auth: AuthContext) => {
  const profile = await deps.store.getProfile(auth.userId);
  if (!profile) throw problem.unauthenticated("invalid_token", "This user no longer exists.");
  return profile;
};

/** The profile and the pending code of a purpose, read side by side. */
const loadProfileAndCode = async (deps: UsersDependencies, auth: AuthContext, purpose: PhoneCodePurpose) => {
  const [profile, pending] = await Promise.all([loadProfile(deps, auth), deps.phones.getCode(auth.userId, purpose)]);
  return { profile, pending };
};

/** What notify needs to keep its recipient copy: the phone as it now is and how to reach the user. */
export const phoneChangedEvent = (
  profile: UserProfile,
  phone: { number: string; status: "unconfirmed" | "confirmed" } | null,
  actor: { type: "user" | "platform-admin"; userId: string },
  now: Date,
) =>
  outboxItem({
    type: "UserPhoneChanged",
    now,
    actor,
    data: {
      userId: profile.userId,
      phone,
      fullName: profile.fullName,
      locale: profile.locale,
      ...(profile.email ? { email: profile.email } : {}),
    },
  });

/** `PUT /v1/me/phone`: a new, unconfirmed number; a confirmed one is only replaced by the change flow. */
export const setPhone = async (deps: UsersDependencies, auth: AuthContext, number: string) => {
  const profile = await loadProfile(deps, auth);
  if (profile.phoneStatus === "confirmed") throw phoneConfirmed();
  const view = { number, status: "unconfirmed" as const };
  if (profile.phone === number) return view;
  const now = deps.now();
  try {
    await deps.phones.setUnconfirmedPhone({
      userId: profile.userId,
      number,
      now,
      event: phoneChangedEvent(profile, view, { type: "user", userId: profile.userId }, now),
    });
  } catch (error) {
    if (error instanceof PhoneChanged) throw phoneConfirmed();
    throw error;
  }
  return view;
};

/**
 * Sends a code to `number` for `purpose`:
 * 1. the resend pause is checked against the pending code first, so an early retry costs no quota;
 * 2. the per-user and per-number quotas are spent;
 * 3. the code's hash and the event carrying the sealed code are written in one transaction whose
 *    condition enforces the pause again (two parallel requests send one SMS).
 */
const sendCode = async (
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

/** `POST /v1/me/phone/verification`: an SMS with a code to the unconfirmed number. */
export const sendPhoneVerification = async (deps: UsersDependencies, auth: AuthContext) => {
  const { profile, pending } = await loadProfileAndCode(deps, auth, "verify");
  if (!profile.phone) throw phoneRequired();
  if (profile.phoneStatus === "confirmed") throw phoneConfirmed();
  return sendCode(deps, profile, pending, "verify", profile.phone, "unconfirmed");
};

/** `POST /v1/me/phone/change`: an SMS with a code to the confirmed (old) number. */
export const startPhoneChange = async (deps: UsersDependencies, auth: AuthContext) => {
  const { profile, pending } = await loadProfileAndCode(deps, auth, "change");
  if (!profile.phone) throw phoneRequired();
  if (profile.phoneStatus !== "confirmed") throw phoneNotConfirmed();
  return sendCode(deps, profile, pending, "change", profile.phone, "confirmed");
};

/**
 * Checks a typed code and, when it matches, spends it together with its effect. A wrong guess is
 * counted by a conditional increment; the spend is a conditional delete, so of many parallel
 * requests with the right code exactly one succeeds.
 */
const redeemCode = async (
  deps: UsersDependencies,
  profile: UserProfile,
  record: PhoneCodeRecord | undefined,
  code: string,
  effect: (now: Date) => ReturnType<typeof phoneChangedEvent>,
) => {
  const rules = phoneCodeRules(deps);
  const now = deps.now();
  const verdict = await judgeCode(record, code, now, rules);
  if (!record || verdict === "missing" || verdict === "expired" || verdict === "exhausted") throw codeExpired();
  // A code sent to a number the profile no longer has proves nothing about the current one.
  if (record.number !== profile.phone) throw codeExpired();
  try {
    if (verdict === "wrong") {
      const attempts = await deps.phones.recordWrongAttempt({ record, maxAttempts: rules.maxAttempts });
      if (attempts >= rules.maxAttempts) throw codeExpired();
      throw codeInvalid(rules.maxAttempts - attempts);
    }
    await deps.phones.spendCode({ record, now, maxAttempts: rules.maxAttempts, events: [effect(now)] });
  } catch (error) {
    if (error instanceof CodeUnusable || error instanceof PhoneChanged) throw codeExpired();
    throw error;
  }
};

/** `POST /v1/me/phone/verification/confirm`: the right code confirms the phone. */
export const confirmPhoneVerification = async (
  deps: UsersDependencies,
  auth: AuthContext,
  code: string,
  client: ClientInfo,
) => {
  const { profile, pending } = await loadProfileAndCode(deps, auth, "verify");
  if (!profile.phone) throw phoneRequired();
  if (profile.phoneStatus === "confirmed") throw phoneConfirmed();
  const confirmed = { number: profile.phone, status: "confirmed" as const };
  await redeemCode(deps, profile, pending, code, (now) =>
    phoneChangedEvent(profile, confirmed, { type: "user", userId: profile.userId }, now),
  );
  await recordActivity(deps, profile.userId, "phone_confirmed", client);
  return confirmed;
};

/** `POST /v1/me/phone/change/confirm`: the code from the old number clears the phone, so a new one can be set. */
export const confirmPhoneChange = async (
  deps: UsersDependencies,
  auth: AuthContext,
  code: string,
  client: ClientInfo,
) => {
  const { profile, pending } = await loadProfileAndCode(deps, auth, "change");
  if (!profile.phone) throw phoneRequired();
  if (profile.phoneStatus !== "confirmed") throw phoneNotConfirmed();
  await redeemCode(deps, profile, pending, code, (now) =>
    phoneChangedEvent(profile, null, { type: "user", userId: profile.userId }, now),
  );
  await recordActivity(deps, profile.userId, "phone_removed", client);
};
