/** What one run of the job did. */
export interface PrivacyJobReport {
  runId: string;
  startedAt: string;
  finishedAt: string;
  /** Queue entries due by this time were looked at. */
  dueBy: string;
  examined: number;
  exports: { sent: number; failed: number; retried: number; possibleDuplicates: number };
  erasures: { started: number; blocked: number; askedAgain: number; completed: number };
  notices: { queued: number; finished: number };
  /** Held by another run, or no longer due when claimed. */
  skipped: number;
  errors: number;
  /** The time budget ran out before the queue did; the next run carries on. */
  stoppedEarly: boolean;
  /** How long the oldest due queue entry had waited when the run began, in seconds (0: none due). */
  oldestDueAgeSeconds: number;
}

/** A report with nothing done yet. */
export const emptyReport = (runId: string, startedAt: Date, dueBy: Date): PrivacyJobReport => ({
  runId,
  startedAt: startedAt.toISOString(),
  finishedAt: startedAt.toISOString(),
  dueBy: dueBy.toISOString(),
  examined: 0,
  exports: { sent: 0, failed: 0, retried: 0, possibleDuplicates: 0 },
  erasures: { started: 0, blocked: 0, askedAgain: 0, completed: 0 },
  notices: { queued: 0, finished: 0 },
  skipped: 0,
  errors: 0,
  stoppedEarly: false,
  oldestDueAgeSeconds: 0,
});
