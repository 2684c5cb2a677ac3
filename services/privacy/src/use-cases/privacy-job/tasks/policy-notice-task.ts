import { outboxItem } from "../../../../../../shared/src/events/outbox.ts";
import type { QueueEntry } from "../../../ports/privacy-store.ts";
import type { JobRun } from "../job-run.ts";

/** A policy notice: fan out "policy changed" notices to its deciders, a page per transaction. */
export const runPolicyNoticeTask = async (run: JobRun, entry: QueueEntry): Promise<void> => {
  const { deps, report, runId } = run;
  const { policyId, version } = entry;
  if (!policyId || !version) {
    await deps.requests.dropEntry(entry);
    return;
  }
  const notice = await deps.policies.claimNotice({ policyId, version, dueAt: entry.dueAt }, run.lease());
  if (!notice) {
    report.skipped += 1;
    return;
  }
  const [policy, published] = await Promise.all([
    deps.policies.getPolicy(policyId),
    deps.policies.getVersion(policyId, version),
  ]);
  if (!policy || !published) {
    await deps.policies.finishNotice(notice, runId, { events: [], now: deps.now().toISOString() });
    return;
  }
  let cursor = notice.cursor;
  for (;;) {
    if (!run.timeLeft()) {
      await deps.policies.releaseNotice(notice, runId);
      report.stoppedEarly = true;
      return;
    }
    const page = await deps.policies.decidersPage(policyId, cursor, deps.config.PRIVACY_JOB_BATCH_SIZE);
    const now = deps.now();
    const events = page.items
      .filter((decider) => decider.version < version)
      .map((decider) =>
        outboxItem({
          type: "PolicyChangeNoticeRequested",
          now,
          actor: { type: "system" },
          data: {
            userId: decider.userId,
            policyId,
            title: policy.title,
            version,
            summary: published.summary,
            required: policy.required,
            ...(published.url ? { url: published.url } : {}),
          },
        }),
      );
    report.notices.queued += events.length;
    if (!page.cursor) {
      await deps.policies.finishNotice(notice, runId, { events, now: now.toISOString() });
      report.notices.finished += 1;
      return;
    }
    await deps.policies.advanceNotice(notice, runId, {
      cursor: page.cursor,
      events,
      now: now.toISOString(),
      leaseUntil: run.lease().until,
    });
    cursor = page.cursor;
  }
};
