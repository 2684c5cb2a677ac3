import { RequestChanged } from "../../ports/privacy-store.ts";
import type { PrivacyDependencies } from "../dependencies.ts";
import { drainConcurrently } from "./bounded-pool.ts";
import { dueEntrySource } from "./due-entries.ts";
import { type JobRun, startJobRun } from "./job-run.ts";
import { emptyReport, type PrivacyJobReport } from "./report.ts";
import { sendPacer } from "./send-pacer.ts";
import { runErasureTask } from "./tasks/erasure-task.ts";
import { runExportTask } from "./tasks/export-task.ts";
import { runPolicyNoticeTask } from "./tasks/policy-notice-task.ts";

export interface PrivacyJobOptions {
  /** Epoch ms after which no new work starts (the Lambda's remaining time, less a margin). */
  deadline: number;
  /** Work due by this time (default: now). The local runtime's `POST /dev/jobs/privacy` may look ahead. */
  dueBy?: Date;
}

const tasks = { export: runExportTask, erasure: runErasureTask, "policy-notice": runPolicyNoticeTask };

/**
 * The scheduled privacy job: walks the queue of due work a bounded page at a time and runs up to
 * `PRIVACY_JOB_CONCURRENCY` entries at once, each under a lease on its request, so two runs at once
 * never do the same work, and a run that dies mid-way leaves its requests queued for the next run
 * once the lease runs out (at-least-once). Emails go at most `PRIVACY_EMAIL_SEND_RATE` a second.
 * One entry failing leaves it queued and the others carry on.
 */
export const runPrivacyJob = async (
  deps: PrivacyDependencies,
  options: PrivacyJobOptions,
): Promise<PrivacyJobReport> => {
  const { config, logger } = deps;
  const startedAt = deps.now();
  const runId = deps.newId();
  const report = emptyReport(runId, startedAt, options.dueBy ?? startedAt);
  const run: JobRun = startJobRun(deps, {
    runId,
    report,
    deadline: options.deadline,
    sendPacer: sendPacer({
      perSecond: config.PRIVACY_EMAIL_SEND_RATE,
      now: () => deps.now().getTime(),
      sleep: deps.sleep,
    }),
  });

  await drainConcurrently(
    dueEntrySource(run, startedAt),
    config.PRIVACY_JOB_CONCURRENCY,
    async (entry) => {
      report.examined += 1;
      await tasks[entry.kind](run, entry);
    },
    (entry, error) => {
      if (error instanceof RequestChanged) {
        // Another run took over after our lease ran out, or the user cancelled: theirs is the word.
        report.skipped += 1;
        return;
      }
      report.errors += 1;
      logger.error("Privacy job entry failed; it stays queued", { taskId: entry.taskId, kind: entry.kind, error });
    },
  );

  report.finishedAt = deps.now().toISOString();
  logger.info("Privacy job run", { report });
  deps.metrics.record({
    exportsSent: report.exports.sent,
    privacyJobFailures: report.exports.failed + report.errors,
    oldestDuePrivacyRequestAge: report.oldestDueAgeSeconds,
  });
  return report;
};
