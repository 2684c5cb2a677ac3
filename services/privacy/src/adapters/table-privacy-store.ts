import { conditionHeld } from "../../../../shared/src/table/conditional-write.ts";
import { defined } from "../../../../shared/src/table/defined.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import { checkedCursor } from "../../../../shared/src/table/pagination.ts";
import { commit } from "../../../../shared/src/table/transactions.ts";
import type { PrivacyRequest } from "../domain/requests.ts";
import {
  ErasureAlreadyRequested,
  ExportWindowBusy,
  type PrivacyStore,
  type QueueEntry,
  RequestChanged,
  RestrictionUnchanged,
} from "../ports/privacy-store.ts";
import { coalescedClaims } from "./coalesced-claims.ts";
import { coalescedTransactions } from "./coalesced-transactions.ts";

type RequestItem = Omit<PrivacyRequest, "confirmedServices"> & { confirmedServices?: Iterable<string> };

const toRequest = (item: RequestItem): PrivacyRequest => {
  const { confirmedServices, ...rest } = item;
  return defined({
    ...rest,
    ...(confirmedServices ? { confirmedServices: [...confirmedServices].sort() } : {}),
  }) as PrivacyRequest;
};

/** Only what the request item stores: the queue item and pointer are separate items. */
const requestItem = (request: PrivacyRequest) => {
  const { confirmedServices: _confirmed, ...rest } = request;
  return defined(rest);
};

/** Privacy requests, guards, restrictions and the job queue on the single table. */
export const tablePrivacyStore = (table: TableService): PrivacyStore => {
  const { privacyRequest, privacyRequestRef, privacyGuard, privacyRestriction, privacyQueueItem } = table.entities;

  const getRequest = async (requestId: string) => {
    const { data } = await privacyRequest.get({ requestId }).go();
    return data ? toRequest(data as RequestItem) : undefined;
  };
  /** Strongly consistent: a claim's write is conditional on the version read here. */
  const requestsById = async (requestIds: string[]) => {
    const { data } = await privacyRequest.get(requestIds.map((requestId) => ({ requestId }))).go({ consistent: true });
    return new Map(data.map((item) => [item.requestId, toRequest(item as RequestItem)]));
  };
  // The job's concurrent claims and state changes share their round trips.
  const transactions = coalescedTransactions(table);

  return {
    async createExport(request, windowUntil, now) {
      await commit(
        table.transaction.write(({ privacyGuard, privacyRequest, privacyRequestRef, privacyQueueItem }) => [
          // One write decides: a guard that is missing or has run out may be taken.
          privacyGuard
            .put({
              userId: request.userId,
              purpose: "export-window",
              requestId: request.requestId,
              until: windowUntil,
              expiresAt: Math.floor(windowUntil / 1000) + 24 * 3600,
            })
            .where((attr, op) => `${op.notExists(attr.until)} OR ${op.lte(attr.until, now)}`)
            .commit(),
          privacyRequest.create(requestItem(request)).commit(),
          privacyRequestRef
            .create({
              userId: request.userId,
              requestId: request.requestId,
              kind: "export",
              createdAt: request.createdAt,
            })
            .commit(),
          privacyQueueItem
            .create({ dueAt: request.dueAt ?? request.createdAt, taskId: request.requestId, kind: "export" })
            .commit(),
        ]),
        async (cancelled) => {
          if (!cancelled.failedCondition(0)) return undefined;
          const { data } = await privacyGuard.get({ userId: request.userId, purpose: "export-window" }).go();
          return new ExportWindowBusy(Math.max(1, Math.ceil(((data?.until ?? now) - now) / 1000)));
        },
      );
    },

    async createErasure(request) {
      await commit(
        table.transaction.write(({ privacyGuard, privacyRequest, privacyRequestRef, privacyQueueItem }) => [
          privacyGuard.create({ userId: request.userId, purpose: "erasure", requestId: request.requestId }).commit(),
          privacyRequest.create(requestItem(request)).commit(),
          privacyRequestRef
            .create({
              userId: request.userId,
              requestId: request.requestId,
              kind: "erasure",
              createdAt: request.createdAt,
            })
            .commit(),
          privacyQueueItem
            .create({ dueAt: request.dueAt ?? request.createdAt, taskId: request.requestId, kind: "erasure" })
            .commit(),
        ]),
        (cancelled) => (cancelled.failedCondition(0) ? new ErasureAlreadyRequested() : undefined),
      );
    },

    async activeErasureOf(userId) {
      const { data } = await privacyGuard.get({ userId, purpose: "erasure" }).go();
      return data ? getRequest(data.requestId) : undefined;
    },

    async restrictionsOf(userId) {
      const { data } = await privacyRestriction.query.byUser({ userId }).go();
      return data.map((r) => ({ scope: r.scope, since: r.since, requestId: r.requestId }));
    },

    async changeRestriction({ request, restricted, event }) {
      const { userId, scope } = request;
      if (!scope) throw new Error("A restriction request names its scope");
      await commit(
        table.transaction.write(({ privacyRestriction, privacyRequest, privacyRequestRef, outboxEvent }) => [
          restricted
            ? privacyRestriction
                .create({ userId, scope, requestId: request.requestId, since: request.createdAt })
                .commit()
            : privacyRestriction
                .delete({ userId, scope })
                .where((attr, op) => op.exists(attr.since))
                .commit(),
          privacyRequest.create(requestItem(request)).commit(),
          privacyRequestRef
            .create({ userId, requestId: request.requestId, kind: "restriction", createdAt: request.createdAt })
            .commit(),
          outboxEvent.create(event).commit(),
        ]),
        (cancelled) => (cancelled.failedCondition(0) ? new RestrictionUnchanged() : undefined),
      );
    },

    getRequest,

    async requestsOf(userId, { limit, cursor }) {
      const page = await privacyRequestRef.query
        .byUser({ userId })
        .go({ limit, cursor: checkedCursor(cursor, `USER#${userId}`), order: "desc" });
      if (page.data.length === 0) return { items: [], nextCursor: page.cursor };
      const { data } = await privacyRequest.get(page.data.map(({ requestId }) => ({ requestId }))).go();
      const byId = new Map(data.map((item) => [item.requestId, toRequest(item as RequestItem)]));
      return {
        items: page.data.flatMap(({ requestId }) => {
          const request = byId.get(requestId);
          return request ? [request] : [];
        }),
        nextCursor: page.cursor,
      };
    },

    async allRequests({ limit, cursor }) {
      const page = await privacyRequest.query
        .all({})
        .go({ limit, cursor: checkedCursor(cursor, "PRIVACY#REQUESTS"), order: "desc" });
      return { items: page.data.map((item) => toRequest(item as RequestItem)), nextCursor: page.cursor };
    },

    async dueEntries(dueBy, { limit, cursor }) {
      // `~` sorts after the `#` that follows the time, so entries due exactly at `dueBy` are in.
      const page = await privacyQueueItem.query
        .byDue({})
        .lte({ dueAt: `${dueBy}~` })
        .go({ limit, cursor: cursor ?? null });
      return {
        items: page.data.map((item) => defined({ ...item }) as QueueEntry),
        ...(page.cursor ? { cursor: page.cursor } : {}),
      };
    },

    claim: coalescedClaims(
      transactions,
      requestsById,
      async (requestId, { statuses, dueAt }, { owner, until, now }) => {
        let old: PrivacyRequest | undefined;
        const held = await conditionHeld(
          privacyRequest
            .patch({ requestId })
            .set({ leaseOwner: owner, leaseUntil: until, lastAttemptAt: now.toISOString() })
            .add({ version: 1, attempts: 1 })
            .where(
              (attr, op) =>
                `(${statuses.map((status) => op.eq(attr.status, status)).join(" OR ")}) AND ${op.eq(attr.dueAt, dueAt)} AND (${op.notExists(attr.leaseUntil)} OR ${op.lt(attr.leaseUntil, now.getTime())})`,
            )
            .go({ response: "all_old" })
            .then(({ data }) => {
              old = toRequest(data as RequestItem);
            }),
        );
        if (!held || !old) return undefined;
        return {
          request: {
            ...old,
            leaseOwner: owner,
            leaseUntil: until,
            lastAttemptAt: now.toISOString(),
            version: old.version + 1,
            attempts: old.attempts + 1,
          },
          previousLeaseExpired: old.leaseOwner !== undefined,
        };
      },
    ),

    async transition({ request, set, remove = [], requeueAt, events = [], releaseErasureGuard }) {
      const queueMoves = requeueAt !== request.dueAt;
      const values = defined({ ...set, ...(requeueAt ? { dueAt: requeueAt } : {}) });
      const removals = [...new Set([...remove, "leaseOwner", "leaseUntil", ...(requeueAt ? [] : ["dueAt"])])].filter(
        (name) => !(name in values),
      ) as Array<keyof typeof values>;
      await transactions.commit(
        `request#${request.requestId}`,
        ({ privacyRequest, privacyQueueItem, outboxEvent, privacyGuard }) => [
          (removals.length > 0
            ? privacyRequest
                .patch({ requestId: request.requestId })
                .set(values)
                .remove(removals as never)
            : privacyRequest.patch({ requestId: request.requestId }).set(values)
          )
            .add({ version: 1 })
            .where((attr, op) => op.eq(attr.version, request.version))
            .commit(),
          ...(queueMoves && request.dueAt
            ? [privacyQueueItem.delete({ dueAt: request.dueAt, taskId: request.requestId }).commit()]
            : []),
          ...(queueMoves && requeueAt && request.kind !== "restriction"
            ? [privacyQueueItem.create({ dueAt: requeueAt, taskId: request.requestId, kind: request.kind }).commit()]
            : []),
          ...events.map((event) => outboxEvent.create(event).commit()),
          ...(releaseErasureGuard
            ? [
                privacyGuard
                  .delete({ userId: request.userId, purpose: "erasure" })
                  .where((attr, op) => op.eq(attr.requestId, request.requestId))
                  .commit(),
              ]
            : []),
        ],
        (cancelled) => (cancelled.failedCondition(0) ? new RequestChanged() : undefined),
      );
    },

    async confirmErasure(requestId, service) {
      let confirmed: PrivacyRequest | undefined;
      // Not erasing (any more): a late or stray confirmation changes nothing.
      await conditionHeld(
        privacyRequest
          .patch({ requestId })
          .add({ confirmedServices: [service] })
          .where((attr, op) => op.eq(attr.status, "erasing"))
          .go({ response: "all_new" })
          .then(({ data }) => {
            confirmed = toRequest(data as RequestItem);
          }),
      );
      return confirmed;
    },

    async dropEntry(entry) {
      await privacyQueueItem.delete({ dueAt: entry.dueAt, taskId: entry.taskId }).go({ response: "none" });
    },
  };
};
