/**
 * Runs `flush` once after the work of this turn of the event loop: whatever concurrent callers ask
 * for before it turns joins one wave (one BatchGetItem, one transaction) instead of a call each.
 * setImmediate runs after every promise continuation queued now, so none of them misses the wave.
 */
export const waveScheduler = (flush: () => void) => {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      flush();
    });
  };
};
