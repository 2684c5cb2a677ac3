import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import type { PhoneCodePurpose, PhoneCodeRules } from "../../domain/phone-codes.ts";
import type { UsersDependencies } from "../dependencies.ts";

export const phoneCodeRules = (deps: UsersDependencies): PhoneCodeRules => ({
  ttlSeconds: deps.config.PHONE_CODE_TTL_SECONDS,
  resendSeconds: deps.config.PHONE_CODE_RESEND_SECONDS,
  maxAttempts: 5,
});

export const phoneConfirmed = () =>
  problem.conflict(
    "phone_confirmed",
    "Your phone is confirmed; to replace it, use the change flow (a code is sent to the current number).",
  );
export const phoneRequired = () => problem.unprocessable("phone_required", "Add a phone number first.");
export const phoneNotConfirmed = () =>
  problem.unprocessable("phone_not_confirmed", "Only a confirmed phone is changed this way; set a new number instead.");
export const codeExpired = () =>
  problem.gone(
    "code_expired",
    "This code has expired, was already used or had too many wrong attempts; ask for a new one.",
  );
export const codeInvalid = (attemptsLeft: number) =>
  problem.unprocessable("code_invalid", `That code is not right; ${attemptsLeft} attempt(s) left.`);

export const loadProfile = async (deps: UsersDependencies, auth: AuthContext) => {
  const profile = await deps.store.getProfile(auth.userId);
  if (!profile) throw problem.unauthenticated("invalid_token", "This user no longer exists.");
  return profile;
};

/** The profile and the pending code of a purpose, read together. */
export const loadProfileAndCode = async (deps: UsersDependencies, auth: AuthContext, purpose: PhoneCodePurpose) => {
  const { profile, code } = await deps.phones.getProfileAndCode(auth.userId, purpose);
  if (!profile) throw problem.unauthenticated("invalid_token", "This user no longer exists.");
  return { profile, pending: code };
};
