import { exportCsv } from "../../../domain/export-csv.ts";
import { retryDelayMs } from "../../../domain/requests.ts";
import type { QueueEntry } from "../../../ports/privacy-store.ts";
import type { JobRun } from "../job-run.ts";

/**
 * An export: collect every service's personal data through its contract, write CSV, email it,
 * then record `sent` with the SES message id (a crash between those two is the only way a user
 * gets it twice; the next attempt flags it as a possible duplicate).
 */
export const runExportTask = async (run: JobRun, entry: QueueEntry): Promise<void> => {
  const { deps, report } = run;
  const { config, logger } = deps;
  const claimed = await deps.requests.claim(entry.taskId, { statuses: ["queued"], dueAt: entry.dueAt }, run.lease());
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
  // The contact and every service's data are read at once: their single-item reads (the profile
  // both need, say) join one wave of the loader with those of the other exports in flight.
  const generatedAt = deps.now().toISOString();
  const collected = Promise.all(deps.providers.map((provider) => provider.collect(request.userId)));
  // Not awaited when the contact fails the export; its failure then says nothing new.
  collected.catch(() => undefined);
  const contact = await deps.directory.contact(request.userId);
  if (!contact?.email) return fail(contact ? "no_email_address" : "user_not_found");

  let messageId: string | undefined;
  try {
    const sections = (await collected).flat();
    const csv = exportCsv([
      {
        section: "export",
        rows: [{ requestId: request.requestId, userId: request.userId, requestedAt: request.createdAt, generatedAt }],
      },
      ...sections,
    ]);
    await run.sendPacer.turn();
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
      requeueAt: run.later(retryDelayMs(request.attempts)),
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
