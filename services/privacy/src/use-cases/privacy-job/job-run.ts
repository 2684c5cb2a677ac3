import type { PrivacyDependencies } from "../dependencies.ts";
import type { PrivacyJobReport } from "./report.ts";
import type { SendPacer } from "./send-pacer.ts";

/** What every task of one run shares: who runs, its report, its time budget, its leases and its send pace. */
export interface JobRun {
  deps: PrivacyDependencies;
  runId: string;
  report: PrivacyJobReport;
  /** False once the run's deadline has passed: no new work starts. */
  timeLeft(): boolean;
  /** A lease on a request or notice for this run, from now. */
  lease(): { owner: string; until: number; now: Date };
  /** The time `ms` from now, as stored. */
  later(ms: number): string;
  /** When a blocked or erasing erasure is looked at again. */
  recheckAt(): string;
  /** Waits for this run's next turn to send an email (the SES send rate). */
  sendPacer: SendPacer;
}

/** The shared state of a run that starts now and takes no new work after `deadline`. */
export const startJobRun = (
  deps: PrivacyDependencies,
  {
    runId,
    report,
    deadline,
    sendPacer,
  }: { runId: string; report: PrivacyJobReport; deadline: number; sendPacer: SendPacer },
): JobRun => {
  const { config } = deps;
  const later = (ms: number) => new Date(deps.now().getTime() + ms).toISOString();
  return {
    deps,
    runId,
    report,
    sendPacer,
    timeLeft: () => deps.now().getTime() < deadline,
    lease: () => {
      const now = deps.now();
      return { owner: runId, until: now.getTime() + config.PRIVACY_JOB_LEASE_SECONDS * 1000, now };
    },
    later,
    recheckAt: () => later(config.PRIVACY_ERASURE_RECHECK_MINUTES * 60_000),
  };
};
