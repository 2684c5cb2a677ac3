import { allPages } from "../../../../shared/src/privacy/delete-items.ts";
import { conditionHeld } from "../../../../shared/src/table/conditional-write.ts";
import { defined } from "../../../../shared/src/table/defined.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import { checkedCursor } from "../../../../shared/src/table/pagination.ts";
import { commit } from "../../../../shared/src/table/transactions.ts";
import type { Decision, Policy } from "../domain/policies.ts";
import { PolicyChanged, PolicyExists, type PolicyNotice, type PolicyStore } from "../ports/policy-store.ts";

const noticeTaskId = (policyId: string, version: number) => `notice:${policyId}:${version}`;

const toPolicy = (item: {
  policyId: string;
  title: string;
  required: boolean;
  currentVersion: number;
  summary?: string;
  url?: string;
  publishedAt?: string;
}): Policy =>
  defined({
    policyId: item.policyId,
    title: item.title,
    required: item.required,
    currentVersion: item.currentVersion,
    summary: item.summary,
    url: item.url,
    publishedAt: item.publishedAt,
  });

const toDecision = (item: Decision): Decision =>
  defined({
    userId: item.userId,
    policyId: item.policyId,
    decisionId: item.decisionId,
    version: item.version,
    decision: item.decision,
    decidedAt: item.decidedAt,
    ip: item.ip,
    userAgent: item.userAgent,
  });

/** A decision made concurrently but later is the current one already (this one only joins the history). */
class LaterDecisionStands extends Error {
  override name = "LaterDecisionStands";
}

/** Policies and decisions on the single table (keys in shared/src/table/entities.ts). */
export const tablePolicyStore = (table: TableService): PolicyStore => {
  const { policy, policyVersion, policyDecision, policyDecisionLog, policyDecider, policyNotice, platformAuditEntry } =
    table.entities;

  return {
    async listPolicies() {
      return (await allPages((cursor) => policy.query.all({}).go({ cursor }))).map(toPolicy);
    },

    async getPolicy(policyId) {
      const { data } = await policy.get({ policyId }).go();
      return data ? toPolicy(data) : undefined;
    },

    async getVersion(policyId, version) {
      const { data } = await policyVersion.get({ policyId, version }).go();
      return data ? defined({ ...data }) : undefined;
    },

    async createPolicy(input, audit) {
      await commit(
        table.transaction.write(({ policy, platformAuditEntry }) => [
          policy
            .create({
              policyId: input.policyId,
              title: input.title,
              required: input.required,
              currentVersion: 0,
              createdBy: input.createdBy,
              createdAt: input.createdAt,
              updatedAt: input.createdAt,
            })
            .commit(),
          platformAuditEntry.create(defined(audit)).commit(),
        ]),
        (cancelled) => (cancelled.failedCondition(0) ? new PolicyExists() : undefined),
      );
    },

    async publishVersion({ policy: current, version, event, audit, notice }) {
      await commit(
        table.transaction.write(
          ({ policy, policyVersion, outboxEvent, platformAuditEntry, policyNotice, privacyQueueItem }) => {
            const update = policy.patch({ policyId: current.policyId }).set(
              defined({
                currentVersion: version.version,
                summary: version.summary,
                url: version.url,
                publishedAt: version.publishedAt,
                updatedAt: version.publishedAt,
              }),
            );
            return [
              (version.url === undefined ? update.remove(["url"]) : update)
                .where((attr, op) => op.eq(attr.currentVersion, current.currentVersion))
                .commit(),
              policyVersion.create(defined(version)).commit(),
              outboxEvent.create(event).commit(),
              platformAuditEntry.create(defined(audit)).commit(),
              ...(notice
                ? [
                    policyNotice
                      .create({
                        policyId: version.policyId,
                        version: version.version,
                        status: "pending",
                        notified: 0,
                        dueAt: notice.dueAt,
                        createdAt: version.publishedAt,
                        updatedAt: version.publishedAt,
                      })
                      .commit(),
                    privacyQueueItem
                      .create({
                        dueAt: notice.dueAt,
                        taskId: noticeTaskId(version.policyId, version.version),
                        kind: "policy-notice",
                        policyId: version.policyId,
                        version: version.version,
                      })
                      .commit(),
                  ]
                : []),
            ];
          },
        ),
        // The version number moved on, or that version exists already: someone else published.
        (cancelled) => (cancelled.failedCondition(0) || cancelled.failedCondition(1) ? new PolicyChanged() : undefined),
      );
    },

    async decisionsOf(userId) {
      return (await allPages((cursor) => policyDecision.query.byUser({ userId }).go({ cursor }))).map(toDecision);
    },

    async recordDecision(decision, event) {
      const record = defined(decision);
      const decider = {
        policyId: decision.policyId,
        userId: decision.userId,
        version: decision.version,
        decision: decision.decision,
        decidedAt: decision.decidedAt,
      };
      try {
        await commit(
          table.transaction.write(({ policyDecisionLog, policyDecision, policyDecider, outboxEvent }) => [
            policyDecisionLog.create(record).commit(),
            // A decision made concurrently but later (a greater ULID) stays current.
            policyDecision
              .put(record)
              .where((attr, op) => `${op.notExists(attr.decisionId)} OR ${op.lt(attr.decisionId, decision.decisionId)}`)
              .commit(),
            policyDecider.put(decider).commit(),
            outboxEvent.create(event).commit(),
          ]),
          (cancelled) => (cancelled.failedCondition(1) ? new LaterDecisionStands() : undefined),
        );
      } catch (error) {
        if (!(error instanceof LaterDecisionStands)) throw error;
        // The decision still goes into the history, with its event; only the current one stays.
        await commit(
          table.transaction.write(({ policyDecisionLog, outboxEvent }) => [
            policyDecisionLog.create(record).commit(),
            outboxEvent.create(event).commit(),
          ]),
        );
      }
    },

    async historyOf(userId, policyId, { limit, cursor }) {
      const page = await policyDecisionLog.query
        .byUser({ userId, policyId })
        .go({ limit, cursor: checkedCursor(cursor, `USER#${userId}`), order: "desc" });
      return { items: page.data.map(toDecision), nextCursor: page.cursor };
    },

    async claimNotice({ policyId, version, dueAt }, { owner, until, now }) {
      const claim = policyNotice
        .patch({ policyId, version })
        .set({ leaseOwner: owner, leaseUntil: until })
        .where(
          (attr, op) =>
            `${op.eq(attr.status, "pending")} AND ${op.eq(attr.dueAt, dueAt)} AND (${op.notExists(attr.leaseUntil)} OR ${op.lt(attr.leaseUntil, now.getTime())})`,
        )
        .go({ response: "all_new" });
      let claimed: PolicyNotice | undefined;
      const held = await conditionHeld(
        claim.then(({ data }) => {
          claimed = defined({
            policyId: data.policyId,
            version: data.version,
            status: data.status,
            cursor: data.cursor,
            notified: data.notified,
            dueAt: data.dueAt,
          }) as PolicyNotice;
        }),
      );
      return held ? claimed : undefined;
    },

    async decidersPage(policyId, cursor, limit) {
      const page = await policyDecider.query.byPolicy({ policyId }).go({ cursor: cursor ?? null, limit });
      return {
        items: page.data.map((d) => ({ userId: d.userId, version: d.version })),
        ...(page.cursor ? { cursor: page.cursor } : {}),
      };
    },

    async advanceNotice(notice, owner, { cursor, events, now, leaseUntil }) {
      await commit(
        table.transaction.write(({ policyNotice, outboxEvent }) => [
          ...events.map((event) => outboxEvent.create(event).commit()),
          policyNotice
            .patch({ policyId: notice.policyId, version: notice.version })
            .set({ cursor, updatedAt: now, leaseUntil })
            .add({ notified: events.length })
            .where((attr, op) => op.eq(attr.leaseOwner, owner))
            .commit(),
        ]),
      );
    },

    async finishNotice(notice, owner, { events, now }) {
      await commit(
        table.transaction.write(({ policyNotice, privacyQueueItem, outboxEvent }) => [
          ...events.map((event) => outboxEvent.create(event).commit()),
          policyNotice
            .patch({ policyId: notice.policyId, version: notice.version })
            .set({ status: "done", updatedAt: now })
            .add({ notified: events.length })
            .remove(["leaseOwner", "leaseUntil", "cursor"])
            .where((attr, op) => op.eq(attr.leaseOwner, owner))
            .commit(),
          privacyQueueItem
            .delete({ dueAt: notice.dueAt, taskId: noticeTaskId(notice.policyId, notice.version) })
            .commit(),
        ]),
      );
    },

    async releaseNotice(notice, owner) {
      // A lease another run has taken over since is theirs to release.
      await conditionHeld(
        policyNotice
          .patch({ policyId: notice.policyId, version: notice.version })
          .remove(["leaseOwner", "leaseUntil"])
          .where((attr, op) => op.eq(attr.leaseOwner, owner))
          .go({ response: "none" }),
      );
    },

    async appendPlatformAudit(audit) {
      await platformAuditEntry.create(defined(audit)).go({ response: "none" });
    },
  };
};
