import { judgeCode, type PhoneCodeRecord } from "../../domain/phone-codes.ts";
import { CodeUnusable, PhoneChanged } from "../../ports/phone-store.ts";
import type { SecurityActivityEntry } from "../../ports/security-activity.ts";
import type { UserProfile } from "../../ports/user-store.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { codeExpired, codeInvalid, phoneCodeRules } from "./phone-rules.ts";
import type { phoneChangedEvent } from "./phone-view.ts";

/**
 * Checks a typed code and, when it matches, spends it together with its effect. A wrong guess is
 * counted by a conditional increment; the spend is a conditional delete, so of many parallel
 * requests with the right code exactly one succeeds, and only it records `activity`.
 */
export const redeemCode = async (
  deps: UsersDependencies,
  profile: UserProfile,
  record: PhoneCodeRecord | undefined,
  code: string,
  effect: (now: Date) => ReturnType<typeof phoneChangedEvent>,
  activity: SecurityActivityEntry,
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
    await deps.phones.spendCode({ record, now, maxAttempts: rules.maxAttempts, activity, events: [effect(now)] });
  } catch (error) {
    if (error instanceof CodeUnusable || error instanceof PhoneChanged) throw codeExpired();
    throw error;
  }
};
