/**
 * When the next email may go: at once if the last one went at least an interval ago, otherwise one
 * interval after it. Slots are handed out in call order, so concurrent tasks queue behind each other.
 */
export const nextSendSlot = (previousSlot: number | undefined, now: number, intervalMs: number): number =>
  previousSlot === undefined ? now : Math.max(now, previousSlot + intervalMs);

export interface SendPacer {
  /** Resolves when the caller may send its email. */
  turn(): Promise<void>;
}

/**
 * Paces a run's emails to `perSecond` (SES refuses sends over the account's rate with a
 * throttling error, which would turn into retries). The clock and the sleeper come in so the
 * pace can be checked without waiting.
 */
export const sendPacer = ({
  perSecond,
  now,
  sleep,
}: {
  perSecond: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}): SendPacer => {
  const intervalMs = 1000 / perSecond;
  let lastSlot: number | undefined;
  return {
    async turn() {
      // The slot is taken before waiting, so the next caller queues behind it.
      const slot = nextSendSlot(lastSlot, now(), intervalMs);
      lastSlot = slot;
      const wait = slot - now();
      if (wait > 0) await sleep(wait);
    },
  };
};
