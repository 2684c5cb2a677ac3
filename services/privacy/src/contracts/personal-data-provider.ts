import { allPages, deleteItems } from "../../../../shared/src/privacy/delete-items.ts";
import type { PersonalDataProvider } from "../../../../shared/src/privacy/personal-data.ts";
import type { BatchLoader } from "../../../../shared/src/table/batch-get.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";

/**
 * What the privacy service holds about a person: every consent decision (with time, IP and user
 * agent), their privacy requests and restrictions. On erasure the requests themselves stay, keyed
 * by request id with the user id as a pseudonym, as the record that the request was honoured.
 */
export const privacyPersonalData = (table: TableService, loader?: BatchLoader): PersonalDataProvider => {
  const {
    policyDecision,
    policyDecisionLog,
    policyDecider,
    privacyRequest,
    privacyRequestRef,
    privacyGuard,
    privacyRestriction,
  } = table.entities;

  const decisionsOf = (userId: string) => allPages((cursor) => policyDecision.query.byUser({ userId }).go({ cursor }));
  const logOf = (userId: string) => allPages((cursor) => policyDecisionLog.query.byUser({ userId }).go({ cursor }));
  const refsOf = (userId: string) => allPages((cursor) => privacyRequestRef.query.byUser({ userId }).go({ cursor }));
  const restrictionsOf = (userId: string) =>
    allPages((cursor) => privacyRestriction.query.byUser({ userId }).go({ cursor }));
  /** What an export reads of the user's partition: through the job's loader, one Query with the other providers'. */
  const exportedItemsOf = (userId: string) =>
    loader
      ? Promise.all([
          loader.query(policyDecisionLog, policyDecisionLog.query.byUser({ userId })),
          loader.query(privacyRequestRef, privacyRequestRef.query.byUser({ userId })),
          loader.query(privacyRestriction, privacyRestriction.query.byUser({ userId })),
        ])
      : Promise.all([logOf(userId), refsOf(userId), restrictionsOf(userId)]);
  type RequestItem = Awaited<ReturnType<ReturnType<typeof privacyRequest.get>["go"]>>["data"];
  /** The requests under `requestIds` that exist (through the job's loader, with other exports' reads, when given). */
  const requestsOf = async (requestIds: string[]) => {
    if (requestIds.length === 0) return [];
    if (!loader) return (await privacyRequest.get(requestIds.map((requestId) => ({ requestId }))).go()).data;
    const found = await Promise.all(requestIds.map((requestId) => loader.load(privacyRequest, { requestId })));
    return (found as Array<NonNullable<RequestItem> | undefined>).filter((item) => item !== undefined);
  };

  return {
    service: "privacy",

    async collect(userId) {
      const [log, refs, restrictions] = await exportedItemsOf(userId);
      const requests = await requestsOf(refs.map(({ requestId }) => requestId));
      return [
        {
          section: "consents",
          rows: log.map((d) => ({
            policyId: d.policyId,
            version: d.version,
            decision: d.decision,
            decidedAt: d.decidedAt,
            ip: d.ip ?? null,
            userAgent: d.userAgent ?? null,
          })),
        },
        {
          section: "privacy_requests",
          rows: requests
            .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
            .map((r) => ({
              requestId: r.requestId,
              kind: r.kind,
              status: r.status,
              createdAt: r.createdAt,
              scope: r.scope ?? null,
              action: r.action ?? null,
              scheduledFor: r.scheduledFor ?? null,
              completedAt: r.completedAt ?? r.sentAt ?? null,
            })),
        },
        {
          section: "privacy_restrictions",
          rows: restrictions.map((r) => ({ scope: r.scope, since: r.since })),
        },
      ];
    },

    async erasureBlockers() {
      return [];
    },

    async erase(userId) {
      const [decisions, log, refs, restrictions] = await Promise.all([
        decisionsOf(userId),
        logOf(userId),
        refsOf(userId),
        restrictionsOf(userId),
      ]);
      let erased = await deleteItems(
        policyDecider,
        decisions.map(({ policyId }) => ({ policyId, userId })),
      );
      erased += await deleteItems(
        policyDecisionLog,
        log.map(({ policyId, decisionId }) => ({ userId, policyId, decisionId })),
      );
      erased += await deleteItems(
        privacyRequestRef,
        refs.map(({ requestId }) => ({ userId, requestId })),
      );
      erased += await deleteItems(
        privacyRestriction,
        restrictions.map(({ scope }) => ({ userId, scope })),
      );
      erased += await deleteItems(privacyGuard, [
        { userId, purpose: "export-window" as const },
        { userId, purpose: "erasure" as const },
      ]);
      // The current decisions last: they are what a rerun finds the deciders by.
      erased += await deleteItems(
        policyDecision,
        decisions.map(({ policyId }) => ({ userId, policyId })),
      );
      return erased;
    },
  };
};
