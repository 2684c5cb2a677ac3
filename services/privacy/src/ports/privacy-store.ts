import type { OutboxEntry } from "../../../../shared/src/events/outbox.ts";
import type { PrivacyRequest, RequestStatus, RestrictionScope } from "../domain/requests.ts";
import type { Page } from "./policy-store.ts";

/** A queue entry: something the job must look at once `dueAt` has passed. */
export interface QueueEntry {
  dueAt: string;
  taskId: string;
  kind: "export" | "erasure" | "policy-notice";
  policyId?: string;
  version?: number;
}

export interface Restriction {
  scope: RestrictionScope;
  since: string;
  requestId: string;
}

/** Another export was asked for within the window. */
export class ExportWindowBusy extends Error {
  override name = "ExportWindowBusy";
  constructor(readonly retryAfterSeconds: number) {
    super("An export was already requested in this window");
  }
}
export class ErasureAlreadyRequested extends Error {
  override name = "ErasureAlreadyRequested";
}
/** The request changed since it was read (another run, the user, a confirmation). */
export class RequestChanged extends Error {
  override name = "RequestChanged";
}
export class RestrictionUnchanged extends Error {
  override name = "RestrictionUnchanged";
}

/** A state change of a request, applied only if nobody changed the request since it was read. */
export interface Transition {
  /** The request as read (or as claimed): its `version` is the condition. */
  request: PrivacyRequest;
  set: Partial<Omit<PrivacyRequest, "requestId" | "userId" | "kind" | "version" | "createdAt" | "legalDeadline">>;
  remove?: Array<keyof PrivacyRequest>;
  /** Due time of the request's next queue item; without it the request leaves the queue. */
  requeueAt?: string;
  events?: OutboxEntry[];
  /** Drops the user's active-erasure guard with the change (a cancelled erasure). */
  releaseErasureGuard?: boolean;
}

/** Privacy requests, their guards, the job queue and the user's restrictions. */
export interface PrivacyStore {
  /** Request, user's pointer, queue item and the export window guard at once; throws `ExportWindowBusy`. */
  createExport(request: PrivacyRequest, windowUntil: number, now: number): Promise<void>;
  /** Request, pointer, queue item and the one-erasure guard at once; throws `ErasureAlreadyRequested`. */
  createErasure(request: PrivacyRequest): Promise<void>;
  /** The user's erasure in flight (scheduled, blocked or erasing), if any. */
  activeErasureOf(userId: string): Promise<PrivacyRequest | undefined>;

  restrictionsOf(userId: string): Promise<Restriction[]>;
  /** Adds or lifts a restriction with its request record and event; throws `RestrictionUnchanged`. */
  changeRestriction(input: { request: PrivacyRequest; restricted: boolean; event: OutboxEntry }): Promise<void>;

  getRequest(requestId: string): Promise<PrivacyRequest | undefined>;
  requestsOf(userId: string, page: { limit: number; cursor?: string }): Promise<Page<PrivacyRequest>>;
  allRequests(page: { limit: number; cursor?: string }): Promise<Page<PrivacyRequest>>;

  /** Queue entries due by then, in due order, a page at a time. */
  dueEntries(
    dueBy: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ items: QueueEntry[]; cursor?: string }>;
  /**
   * Takes the request for one job run: only if its status is one of `statuses`, no live lease
   * holds it and its queue item is still the one at `dueAt`. Returns it as claimed, and whether
   * an earlier run held it when its lease ran out (it may have crashed after sending).
   */
  claim(
    requestId: string,
    expected: { statuses: RequestStatus[]; dueAt: string },
    lease: { owner: string; until: number; now: Date },
  ): Promise<{ request: PrivacyRequest; previousLeaseExpired: boolean } | undefined>;
  /** Throws `RequestChanged` when the request's version moved on. */
  transition(transition: Transition): Promise<void>;
  /** Records one service's erasure confirmation; the request as it now is, or undefined if it is not erasing. */
  confirmErasure(requestId: string, service: string): Promise<PrivacyRequest | undefined>;
  /** Drops a queue entry nothing points to any more. */
  dropEntry(entry: QueueEntry): Promise<void>;
}
