import { waveScheduler } from "../../../../shared/src/table/wave-scheduler.ts";
import type { PrivacyRequest } from "../domain/requests.ts";
import type { PrivacyStore } from "../ports/privacy-store.ts";
import type { CoalescedTransactions } from "./coalesced-transactions.ts";

type Claim = PrivacyStore["claim"];
type Asked = {
  args: Parameters<Claim>;
  resolve(claimed: Awaited<ReturnType<Claim>>): void;
  reject(error: unknown): void;
};

/** Whether a request as read may be claimed: what the single claim's condition checks. */
const claimable = (request: PrivacyRequest, { statuses, dueAt }: Parameters<Claim>[1], now: number) =>
  statuses.includes(request.status) &&
  request.dueAt === dueAt &&
  (request.leaseUntil === undefined || request.leaseUntil < now);

/**
 * The claims the job's workers make within one turn of the event loop, as one strongly consistent
 * BatchGetItem of the requests and one transaction of writes each conditional on the version read
 * (and on the single claim's own condition), instead of one UpdateItem each. A write whose
 * condition fails (someone changed the request since the read) is claimed again alone, the
 * single claim deciding as before; a claim alone in its wave is the single claim.
 */
export const coalescedClaims = (
  transactions: CoalescedTransactions,
  readRequests: (requestIds: string[]) => Promise<Map<string, PrivacyRequest>>,
  single: Claim,
): Claim => {
  let waiting: Asked[] = [];
  const schedule = waveScheduler(() => void flush());

  const claimRead = async (request: PrivacyRequest, [, expected, lease]: Parameters<Claim>) => {
    const { owner, until, now } = lease;
    if (!claimable(request, expected, now.getTime())) return undefined;
    const set = { leaseOwner: owner, leaseUntil: until, lastAttemptAt: now.toISOString() };
    try {
      await transactions.commit(`request#${request.requestId}`, (tx) => [
        tx.privacyRequest
          .patch({ requestId: request.requestId })
          .set(set)
          .add({ version: 1, attempts: 1 })
          .where(
            (attr, op) =>
              `${op.eq(attr.version, request.version)} AND ${op.eq(attr.dueAt, expected.dueAt)} AND (${op.notExists(attr.leaseUntil)} OR ${op.lt(attr.leaseUntil, now.getTime())})`,
          )
          .commit(),
      ]);
    } catch {
      // Changed since the read, or the call failed: the single claim decides on the request as it is now.
      return single(request.requestId, expected, lease);
    }
    return {
      request: { ...request, ...set, version: request.version + 1, attempts: request.attempts + 1 },
      previousLeaseExpired: request.leaseOwner !== undefined,
    };
  };

  const flush = async () => {
    const wave = waiting;
    waiting = [];
    if (wave.length === 1) {
      const [asked] = wave as [Asked];
      single(...asked.args).then(asked.resolve, asked.reject);
      return;
    }
    let found: Map<string, PrivacyRequest>;
    try {
      found = await readRequests([...new Set(wave.map(({ args: [requestId] }) => requestId))]);
    } catch (error) {
      for (const asked of wave) asked.reject(error);
      return;
    }
    for (const asked of wave) {
      const request = found.get(asked.args[0]);
      (request ? claimRead(request, asked.args) : Promise.resolve(undefined)).then(asked.resolve, asked.reject);
    }
  };

  return (...args) =>
    new Promise((resolve, reject) => {
      waiting.push({ args, resolve, reject });
      schedule();
    });
};
