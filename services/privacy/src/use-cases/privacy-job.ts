import { outboxItem } from "../../../../shared/src/events/outbox.ts";
import { erasureParticipants } from "../../../../shared/src/events/registry.ts";
import { exportCsv } from "../domain/export-csv.ts";
import { allConfirmed, blockedReasonFor, retryDelayMs } from "../domain/requests.ts";
import { type QueueEntry, RequestChanged } from "../ports/privacy-store.ts";
import type { PrivacyDependencies } from "./dependencies.ts";
import { erasureBlockersOf } from "./erasure.ts";

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

export interface PrivacyJobOptions {
  /** Epoch ms after which no new work starts (the Lambda's remaining time, less a margin). */
  deadline: number;
  /** Work due by this time (default: now). The local runtime's `POST /dev/jobs/privacy` may look ahead. */
  dueBy?: Date;
}

const forEachConcurrently = async <T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) => {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
};

/**
 * The scheduled privacy job: walks the queue of due work in bounded pages and handles each entry
 * under a lease on its request, so two runs at once never do the same work, and a run that dies
 * mid-batch leaves its requests queued for the next run once the lease runs out (at-least-once).
 *
 * - export: collect every service's personal data through its contract, write CSV, email it,
 *   then record `sent` with the SES message id (a crash between those two is the only way a user
 *   gets it twice; the next attempt flags it as a possible duplicate);
 * - erasure: when due, re-check blockers (ownership), then emit UserErasureRequested and wait
 *   for every service's confirmation, asking again if they are slow;
 * - policy notice: fan out "policy changed" notices to its deciders, a page per transaction.
 */
export const runPrivacyJob = async (
  deps: PrivacyDependencies,
  options: PrivacyJobOptions,
): Promise<PrivacyJobReport> => {
  const { config, logger } = deps;
  const startedAt = deps.now();
  const runId = deps.newId();
  const report: PrivacyJobReport = {
    runId,
    startedAt: startedAt.toISOString(),
    finishedAt: startedAt.toISOString(),
    dueBy: (options.dueBy ?? startedAt).toISOString(),
    examined: 0,
    exports: { sent: 0, failed: 0, retried: 0, possibleDuplicates: 0 },
    erasures: { started: 0, blocked: 0, askedAgain: 0, completed: 0 },
    notices: { queued: 0, finished: 0 },
    skipped: 0,
    errors: 0,
    stoppedEarly: false,
    oldestDueAgeSeconds: 0,
  };
  const timeLeft = () => deps.now().getTime() < options.deadline;
  const lease = () => {
    const now = deps.now();
    return { owner: runId, until: now.getTime() + config.PRIVACY_JOB_LEASE_SECONDS * 1000, now };
  };
  const later = (ms: number) => new Date(deps.now().getTime() + ms).toISOString();
  const recheckAt = () => later(config.PRIVACY_ERASURE_RECHECK_MINUTES * 60_000);

  const processExport = async (entry: QueueEntry) => {
    const claimed = await deps.requests.claim(entry.taskId, { statuses: ["queued"], dueAt: entry.dueAt }, lease());
    if (!claimed) {
      report.skipped += 1;
      return;
    }
    const { request, previousLeaseExpired } = claimed;
    const fail = async (failureReason: string) => {
      const now = deps.now().toISOString();
      await deps.requests.transition({
        request,
        set: { status: "failed", failureReason, completedAt: now, updatedAt: now },
      });
      report.exports.failed += 1;
    };
    const contact = await deps.directory.contact(request.userId);
    if (!contact?.email) return fail(contact ? "no_email_address" : "user_not_found");

    let messageId: string | undefined;
    try {
      const generatedAt = deps.now().toISOString();
      const sections = (await Promise.all(deps.providers.map((provider) => provider.collect(request.userId)))).flat();
      const csv = exportCsv([
        {
          section: "export",
          rows: [{ requestId: request.requestId, userId: request.userId, requestedAt: request.createdAt, generatedAt }],
        },
        ...sections,
      ]);
      ({ messageId } = await deps.exportDelivery.deliver({
        to: contact.email,
        fullName: contact.fullName,
        locale: contact.locale,
        requestId: request.requestId,
        requestedAt: request.createdAt,
        filename: `personal-data-${generatedAt.slice(0, 10)}.csv`,
        csv,
      }));
    } catch (error) {
      logger.warn("Export attempt failed", { requestId: request.requestId, attempt: request.attempts, error });
      if (request.attempts >= config.PRIVACY_JOB_MAX_ATTEMPTS) return fail("delivery_failed");
      await deps.requests.transition({
        request,
        set: { failureReason: "delivery_failed", updatedAt: deps.now().toISOString() },
        requeueAt: later(retryDelayMs(request.attempts)),
      });
      report.exports.retried += 1;
      return;
    }
    if (!messageId) return fail("email_delivery_off");
    // SES has the message: from here on a failure must not lead to another send by this run.
    const now = deps.now().toISOString();
    await deps.requests.transition({
      request,
      set: {
        status: "sent",
        sentAt: now,
        completedAt: now,
        sesMessageId: messageId,
        updatedAt: now,
        ...(previousLeaseExpired ? { possibleDuplicate: true } : {}),
      },
      remove: ["failureReason"],
    });
    report.exports.sent += 1;
    if (previousLeaseExpired) report.exports.possibleDuplicates += 1;
  };

  const processErasure = async (entry: QueueEntry) => {
    const claimed = await deps.requests.claim(
      entry.taskId,
      { statuses: ["scheduled", "blocked", "erasing"], dueAt: entry.dueAt },
      lease(),
    );
    if (!claimed) {
      report.skipped += 1;
      return;
    }
    const { request } = claimed;
    const now = deps.now().toISOString();
    const eraseEvent = () =>
      outboxItem({
        type: "UserErasureRequested",
        now: deps.now(),
        actor: { type: "system" },
        data: { requestId: request.requestId, userId: request.userId },
      });

    if (request.status === "erasing") {
      if (allConfirmed(request)) {
        await deps.requests.transition({
          request,
          set: { status: "completed", completedAt: now, updatedAt: now },
          events: [
            outboxItem({
              type: "UserErased",
              now: deps.now(),
              actor: { type: "system" },
              data: { requestId: request.requestId, userId: request.userId },
            }),
          ],
        });
        report.erasures.completed += 1;
        return;
      }
      // Some service has not confirmed yet (a dead-lettered delivery, say): ask again; erasing is idempotent.
      await deps.requests.transition({
        request,
        set: { updatedAt: now },
        requeueAt: recheckAt(),
        events: [eraseEvent()],
      });
      report.erasures.askedAgain += 1;
      return;
    }

    const blockers = await erasureBlockersOf(deps, request.userId);
    if (blockers.length > 0) {
      // Tell the user when it first falls due blocked; later rechecks stay quiet.
      const firstCheckWhenDue = request.status !== "blocked" || request.dueAt === request.scheduledFor;
      await deps.requests.transition({
        request,
        set: {
          status: "blocked",
          blockedReason: blockedReasonFor(blockers.map((b) => b.accountName)),
          blockingAccountIds: blockers.map((b) => b.accountId),
          updatedAt: now,
        },
        requeueAt: recheckAt(),
        events: firstCheckWhenDue
          ? [
              outboxItem({
                type: "UserErasureBlocked",
                now: deps.now(),
                actor: { type: "system" },
                data: {
                  requestId: request.requestId,
                  userId: request.userId,
                  accounts: blockers.map((b) => ({ accountId: b.accountId, name: b.accountName })),
                },
              }),
            ]
          : [],
      });
      report.erasures.blocked += 1;
      return;
    }
    await deps.requests.transition({
      request,
      set: { status: "erasing", erasureStartedAt: now, awaitingServices: erasureParticipants(), updatedAt: now },
      remove: ["blockedReason", "blockingAccountIds"],
      requeueAt: recheckAt(),
      events: [eraseEvent()],
    });
    report.erasures.started += 1;
  };

  const processNotice = async (entry: QueueEntry) => {
    const { policyId, version } = entry;
    if (!policyId || !version) {
      await deps.requests.dropEntry(entry);
      return;
    }
    const notice = await deps.policies.claimNotice({ policyId, version, dueAt: entry.dueAt }, lease());
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
      if (!timeLeft()) {
        await deps.policies.releaseNotice(notice, runId);
        report.stoppedEarly = true;
        return;
      }
      const page = await deps.policies.decidersPage(policyId, cursor, config.PRIVACY_JOB_BATCH_SIZE);
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
        leaseUntil: lease().until,
      });
      cursor = page.cursor;
    }
  };

  const handle = async (entry: QueueEntry) => {
    report.examined += 1;
    try {
      if (entry.kind === "export") await processExport(entry);
      else if (entry.kind === "erasure") await processErasure(entry);
      else await processNotice(entry);
    } catch (error) {
      if (error instanceof RequestChanged) {
        // Another run took over after our lease ran out, or the user cancelled: theirs is the word.
        report.skipped += 1;
        return;
      }
      report.errors += 1;
      logger.error("Privacy job entry failed; it stays queued", { taskId: entry.taskId, kind: entry.kind, error });
    }
  };

  // One pass over what is due, page by page. Entries seen once in this run are not handled
  // again (a blocked erasure re-queued within the look-ahead, say), so every run ends.
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    if (!timeLeft()) {
      report.stoppedEarly = true;
      break;
    }
    const page = await deps.requests.dueEntries(report.dueBy, { limit: config.PRIVACY_JOB_BATCH_SIZE, cursor });
    // Entries come in due order: the first of the first page has waited longest.
    const oldest = cursor === undefined ? page.items[0] : undefined;
    if (oldest) {
      report.oldestDueAgeSeconds = Math.max(0, Math.floor((startedAt.getTime() - Date.parse(oldest.dueAt)) / 1000));
    }
    const fresh = page.items.filter((entry) => !seen.has(entry.taskId));
    for (const entry of fresh) seen.add(entry.taskId);
    await forEachConcurrently(fresh, config.PRIVACY_JOB_CONCURRENCY, async (entry) => {
      if (!timeLeft()) {
        report.stoppedEarly = true;
        return;
      }
      await handle(entry);
    });
    cursor = page.cursor;
  } while (cursor);

  report.finishedAt = deps.now().toISOString();
  logger.info("Privacy job run", { report });
  deps.metrics.record({
    exportsSent: report.exports.sent,
    privacyJobFailures: report.exports.failed + report.errors,
    oldestDuePrivacyRequestAge: report.oldestDueAgeSeconds,
  });
  return report;
};
