import { outboxItem } from "../../../../../../shared/src/events/outbox.ts";
import { erasureParticipants } from "../../../../../../shared/src/events/registry.ts";
import { allConfirmed, blockedReasonFor } from "../../../domain/requests.ts";
import type { QueueEntry } from "../../../ports/privacy-store.ts";
import { erasureBlockersOf } from "../../erasure/erasure-blockers.ts";
import type { JobRun } from "../job-run.ts";

/**
 * An erasure: when due, re-check blockers (ownership), then emit UserErasureRequested and wait
 * for every service's confirmation, asking again if they are slow.
 */
export const runErasureTask = async (run: JobRun, entry: QueueEntry): Promise<void> => {
  const { deps, report } = run;
  const claimed = await deps.requests.claim(
    entry.taskId,
    { statuses: ["scheduled", "blocked", "erasing"], dueAt: entry.dueAt },
    run.lease(),
  );
  if (!claimed) {
    report.skipped += 1;
    return;
  }
  const { request } = claimed;
  const now = deps.now().toISOString();
  const data = { requestId: request.requestId, userId: request.userId };
  const eraseEvent = () =>
    outboxItem({ type: "UserErasureRequested", now: deps.now(), actor: { type: "system" }, data });

  if (request.status === "erasing") {
    if (allConfirmed(request)) {
      await deps.requests.transition({
        request,
        set: { status: "completed", completedAt: now, updatedAt: now },
        events: [outboxItem({ type: "UserErased", now: deps.now(), actor: { type: "system" }, data })],
      });
      report.erasures.completed += 1;
      return;
    }
    // Some service has not confirmed yet (a dead-lettered delivery, say): ask again; erasing is idempotent.
    await deps.requests.transition({
      request,
      set: { updatedAt: now },
      requeueAt: run.recheckAt(),
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
      requeueAt: run.recheckAt(),
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
    requeueAt: run.recheckAt(),
    events: [eraseEvent()],
  });
  report.erasures.started += 1;
};
