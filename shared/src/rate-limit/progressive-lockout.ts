import { problem } from "../http/problem.ts";
import { isConditionFailure } from "../table/conditional-write.ts";
import type { TableService } from "../table/entities.ts";

export interface LockoutPolicy {
  /** Attempts without a success that are let through back to back. */
  freeAttempts: number;
  /** The wait after the first attempt beyond them; it doubles with each further attempt. */
  baseSeconds: number;
  maxSeconds: number;
}

/** Attempts are forgotten after a day without any. */
const FORGET_AFTER_SECONDS = 86_400;

/**
 * How long after attempt number `attempt` (1-based, since the last success) the next one must
 * wait: nothing for the free attempts, then base, 2×base, 4×base… up to max.
 */
export const lockoutSeconds = (attempt: number, policy: LockoutPolicy): number => {
  if (attempt < policy.freeAttempts) return 0;
  const doublings = attempt - policy.freeAttempts;
  return Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** Math.min(doublings, 30));
};

/**
 * A progressive per-subject lockout (sign-in per username): unlike a flat window, a few wrong
 * passwords cost the real user seconds, not a quarter of an hour, while guessing slows
 * exponentially. An attempt refused while locked is not counted, so waiting it out works.
 */
export interface Lockout {
  /** Admits one attempt or throws `429` (Retry-After, RateLimit headers). */
  admit(subject: string): Promise<void>;
  /** After a success: start over. */
  clear(subject: string): Promise<void>;
}

export const tableLockout = (
  table: TableService,
  policy: LockoutPolicy,
  now: () => Date = () => new Date(),
): Lockout => {
  const { signInLockout } = table.entities;
  const locked = (untilMs: number, nowMs: number) =>
    problem.rateLimited(Math.max(1, Math.ceil((untilMs - nowMs) / 1000)), policy.freeAttempts);
  return {
    async admit(subject) {
      const nowMs = now().getTime();
      const { data } = await signInLockout.get({ subject }).go({ consistent: true });
      const current = data && data.expiresAt * 1000 > nowMs ? data : undefined;
      if (current && current.nextAttemptAt > nowMs) throw locked(current.nextAttemptAt, nowMs);
      const attempt = (current?.attempts ?? 0) + 1;
      const nextAttemptAt = nowMs + lockoutSeconds(attempt, policy) * 1000;
      try {
        // Conditional on the count read: of attempts racing for the same slot one wins, the
        // others are refused, so parallel guesses cannot slip past the lockout.
        await signInLockout
          .put({
            subject,
            attempts: attempt,
            nextAttemptAt,
            expiresAt: Math.floor(nowMs / 1000) + FORGET_AFTER_SECONDS,
          })
          .where((attr, op) => (data ? op.eq(attr.attempts, data.attempts) : op.notExists(attr.attempts)))
          .go({ response: "none" });
      } catch (error) {
        if (isConditionFailure(error)) throw locked(nowMs + 1000, nowMs);
        throw error;
      }
    },
    async clear(subject) {
      await signInLockout.delete({ subject }).go({ response: "none" });
    },
  };
};
