import { setTimeout as sleep } from "node:timers/promises";
import { StaleVersion } from "../table/conditional-write.ts";
import { TransactionCancelled } from "../table/transactions.ts";
import { problem } from "./problem.ts";

/** Enough for a few dozen writers racing on one item; then the client is told to retry. */
const MAX_ATTEMPTS = 40;

/**
 * One read-modify-write of a versioned item (account, member, resource...) under optimistic
 * concurrency. `attempt` reads the item, calls `precondition(version)` with the version it read,
 * and writes conditional on that version, with its audit entry and event in the same
 * transaction, throwing `StaleVersion` when the condition fails. So:
 * - with `If-Match`, the client's version IS the write's condition: on a mismatch nothing is
 *   written (no audit entry, no event) and the answer is 412;
 * - without it, the client asked for no precondition and never gets 412: a lost race is tried
 *   again on fresh state, and only a write that keeps losing becomes `409 concurrent_update`.
 * DynamoDB refusing a transaction because another one held the item is retried either way.
 */
export const versionedUpdate = async <T>(
  ifMatch: number | undefined,
  attempt: (precondition: (versionRead: number) => void) => Promise<T>,
): Promise<T> => {
  const precondition = (versionRead: number) => {
    if (ifMatch !== undefined && versionRead !== ifMatch) throw new StaleVersion();
  };
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt(precondition);
    } catch (error) {
      const stale = error instanceof StaleVersion;
      const contended =
        error instanceof TransactionCancelled && error.conflicted && !error.codes.includes("ConditionalCheckFailed");
      if (!stale && !contended) throw error;
      if (stale && ifMatch !== undefined) throw problem.preconditionFailed();
      if (tries >= MAX_ATTEMPTS) {
        throw problem.conflict("concurrent_update", "Others are changing this at the same moment; try again.");
      }
      // Jitter spreads the retries of writers that lost the same race.
      await sleep(Math.random() * Math.min(100, 5 * tries));
    }
  }
};
