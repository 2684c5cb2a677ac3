import type { QueueEntry } from "../../ports/privacy-store.ts";
import type { JobRun } from "./job-run.ts";

/**
 * Hands out the queue entries due by the run's `dueBy`, one at a time, reading the next bounded
 * page once fewer entries are left than work at once (one read at a time, whoever asks), so the
 * workers need not wait for it and a run holds at most a page and a few entries.
 * Entries seen once in this run are not handed out again (a blocked erasure re-queued within the
 * look-ahead, say), so every run ends. Undefined when the queue or the run's time is over.
 */
export const dueEntrySource = (run: JobRun, startedAt: Date) => {
  const { deps, report } = run;
  const seen = new Set<string>();
  const pending: QueueEntry[] = [];
  let cursor: string | undefined;
  let firstPage = true;
  let reading: Promise<void> | undefined;

  const readPage = async () => {
    const page = await deps.requests.dueEntries(report.dueBy, { limit: deps.config.PRIVACY_JOB_BATCH_SIZE, cursor });
    // Entries come in due order: the first of the first page has waited longest.
    const oldest = firstPage ? page.items[0] : undefined;
    if (oldest) {
      report.oldestDueAgeSeconds = Math.max(0, Math.floor((startedAt.getTime() - Date.parse(oldest.dueAt)) / 1000));
    }
    firstPage = false;
    cursor = page.cursor;
    for (const entry of page.items) {
      if (seen.has(entry.taskId)) continue;
      seen.add(entry.taskId);
      pending.push(entry);
    }
  };

  const read = () => {
    reading ??= readPage().finally(() => {
      reading = undefined;
    });
    return reading;
  };
  /** The next page while the workers still have entries; a failed read is read again by whoever runs out. */
  const readAhead = () => {
    if (cursor && !reading && pending.length < deps.config.PRIVACY_JOB_CONCURRENCY) read().catch(() => undefined);
  };

  return async function next(): Promise<QueueEntry | undefined> {
    for (;;) {
      if (!run.timeLeft()) {
        report.stoppedEarly = true;
        return undefined;
      }
      const entry = pending.shift();
      if (entry) {
        readAhead();
        return entry;
      }
      if (!firstPage && !cursor && !reading) return undefined;
      await read();
    }
  };
};
