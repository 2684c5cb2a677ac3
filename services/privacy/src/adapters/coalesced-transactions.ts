import type { TableService, TransactionEntities } from "../../../../shared/src/table/entities.ts";
import { type CancellationExplanation, TransactionCancelled } from "../../../../shared/src/table/transactions.ts";
import { waveScheduler } from "../../../../shared/src/table/wave-scheduler.ts";

/** DynamoDB takes at most this many items in one TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;
/** How often a group cancelled only for its neighbours' sake is tried again before it gives up. */
const MAX_ATTEMPTS = 4;

interface Group {
  /** The item the group is about: two groups on one item never share a call (DynamoDB refuses that). */
  key: string;
  build(tx: TransactionEntities): unknown[];
  attempts: number;
  /** Alone: a call of its own (after a call of several failed outright). */
  alone: boolean;
  settle(codes: string[] | undefined): void;
  fail(error: unknown): void;
}

/**
 * Write transactions asked for within one turn of the event loop, committed as one
 * TransactWriteItems (up to 100 items a call): the privacy job's concurrent claims and state
 * changes cost one round trip per wave instead of one each, and DynamoDB's per-call work once.
 * Each group stays all-or-nothing with its own conditions. A cancelled call names the items whose
 * condition failed: their groups fail as they would alone; the others were cancelled only for
 * their neighbours' sake and go again in the next wave, so every group's outcome is the one it
 * would have had on its own call.
 */
export const coalescedTransactions = (table: TableService) => {
  let waiting: Group[] = [];
  const schedule = waveScheduler(() => flush());

  const retry = (group: Group, codes: string[] | undefined) => {
    group.attempts += 1;
    if (group.attempts >= MAX_ATTEMPTS) group.settle(codes);
    else waiting.push(group);
  };

  /** One call for `groups`; the ones that did not fit are handed back to wait for the next wave. */
  const send = async (groups: Group[]) => {
    const taken: Array<{ group: Group; from: number; to: number }> = [];
    const transaction = table.transaction.write((tx) => {
      const items: unknown[] = [];
      for (const group of groups) {
        const built = group.build(tx);
        if (taken.length > 0 && items.length + built.length > MAX_TRANSACTION_ITEMS) break;
        taken.push({ group, from: items.length, to: items.length + built.length });
        items.push(...built);
      }
      for (const group of groups.slice(taken.length)) waiting.push(group);
      if (taken.length < groups.length) schedule();
      return items as never[];
    });
    let result: Awaited<ReturnType<typeof transaction.go>>;
    try {
      result = await transaction.go();
    } catch (error) {
      // A refused call of several (a malformed item, say): each group alone, so only its own fails.
      if (taken.length === 1) taken[0]?.group.fail(error);
      for (const { group } of taken.length > 1 ? taken : []) {
        group.alone = true;
        waiting.push(group);
      }
      if (taken.length > 1) schedule();
      return;
    }
    if (!result.canceled) {
      for (const { group } of taken) group.settle(undefined);
      return;
    }
    const codes = (result.data as ReadonlyArray<{ code?: string }>).map((item) => item.code ?? "None");
    for (const { group, from, to } of taken) {
      const own = codes.slice(from, to);
      if (taken.length === 1 || own.some((code) => code !== "None")) group.settle(own);
      else retry(group, own);
    }
    if (waiting.length > 0) schedule();
  };

  const flush = () => {
    const wave = waiting;
    waiting = [];
    const keys = new Set<string>();
    const together: Group[] = [];
    for (const group of wave) {
      if (keys.has(group.key)) waiting.push(group);
      else if (group.alone) void send([group]);
      else {
        keys.add(group.key);
        together.push(group);
      }
    }
    if (together.length > 0) void send(together);
    if (waiting.length > 0) schedule();
  };

  return {
    /**
     * Commits `build`'s items about `key` with the other groups of this wave; a cancellation of
     * this group becomes the error `explain` names for it, as `commit` does for a call of its own.
     */
    commit(key: string, build: (tx: TransactionEntities) => unknown[], explain?: CancellationExplanation) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({
          key,
          build,
          attempts: 0,
          alone: false,
          settle: (codes) => {
            if (!codes) return resolve();
            const cancelled = new TransactionCancelled(codes);
            Promise.resolve(explain?.(cancelled)).then((error) => reject(error ?? cancelled), reject);
          },
          fail: reject,
        });
        schedule();
      });
    },
  };
};

export type CoalescedTransactions = ReturnType<typeof coalescedTransactions>;
