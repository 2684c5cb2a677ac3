import { createHash } from "node:crypto";
import { problem } from "../http/problem.ts";
import { isConditionFailure } from "../table/conditional-write.ts";
import type { TableService } from "../table/entities.ts";

export interface RateLimit {
  /** What is being limited and for whom, e.g. `sign-in:alice@example.com`. Hash personal parts. */
  bucket: string;
  limit: number;
  windowSeconds: number;
}

/** Where a bucket stands after an attempt was let through: what the RateLimit headers report. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  resetSeconds: number;
}

/** A bucket name for an action by or about someone: the subject (an email, a login, a user id, an address) is hashed, never stored. */
export const rateLimitBucket = (action: string, subject: string) =>
  `${action}:${createHash("sha256").update(subject.toLowerCase()).digest("base64url").slice(0, 22)}`;

/** Counts attempts per fixed window; throws `429` with `Retry-After` and RateLimit headers once the limit is reached. */
export interface RateLimiter {
  consume(limit: RateLimit): Promise<RateLimitState>;
}

/**
 * One conditional increment per attempt: the counter and the check are the same write, so
 * parallel attempts cannot slip past the limit.
 */
export const tableRateLimiter = (table: TableService, now: () => Date = () => new Date()): RateLimiter => ({
  async consume({ bucket, limit, windowSeconds }) {
    const nowSeconds = Math.floor(now().getTime() / 1000);
    const window = Math.floor(nowSeconds / windowSeconds);
    const windowEnd = (window + 1) * windowSeconds;
    try {
      const { data } = await table.entities.rateWindow
        .update({ bucket, window })
        .add({ count: 1 })
        .set({ expiresAt: windowEnd + 60 })
        .where((attr, op) => `${op.notExists(attr.count)} OR ${op.lt(attr.count, limit)}`)
        .go({ response: "updated_new" });
      return { limit, remaining: limit - (data.count ?? limit), resetSeconds: windowEnd - nowSeconds };
    } catch (error) {
      if (isConditionFailure(error)) throw problem.rateLimited(Math.max(1, windowEnd - nowSeconds), limit);
      throw error;
    }
  },
});
