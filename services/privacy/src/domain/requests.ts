export type RequestKind = "export" | "erasure" | "restriction";
export type RequestStatus =
  | "queued"
  | "sent"
  | "failed"
  | "scheduled"
  | "blocked"
  | "erasing"
  | "completed"
  | "cancelled";
export type RestrictionScope = "marketing" | "processing";

/**
 * A privacy request. Exports go queued → sent | failed; erasures go scheduled ⇄ blocked →
 * erasing → completed, or → cancelled within the grace period; restrictions are completed at once.
 */
export interface PrivacyRequest {
  requestId: string;
  userId: string;
  kind: RequestKind;
  status: RequestStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  legalDeadline: string;
  dueAt?: string;
  scheduledFor?: string;
  leaseOwner?: string;
  leaseUntil?: number;
  attempts: number;
  lastAttemptAt?: string;
  sentAt?: string;
  sesMessageId?: string;
  possibleDuplicate?: boolean;
  failureReason?: string;
  blockedReason?: string;
  blockingAccountIds?: string[];
  awaitingServices?: string[];
  confirmedServices?: string[];
  erasureStartedAt?: string;
  completedAt?: string;
  cancelledAt?: string;
  scope?: RestrictionScope;
  action?: "apply" | "lift";
}

const TERMINAL: ReadonlySet<RequestStatus> = new Set(["sent", "failed", "completed", "cancelled"]);
export const isOpen = (request: Pick<PrivacyRequest, "status">) => !TERMINAL.has(request.status);

/** An erasure can be cancelled until the job starts erasing. */
export const isCancellable = (request: Pick<PrivacyRequest, "status">) =>
  request.status === "scheduled" || request.status === "blocked";

/**
 * The legal deadline to answer a data-subject request: one month from receipt (GDPR art. 12(3)),
 * the same day of the next month or its last day when that month is shorter.
 */
export const legalDeadlineOf = (receivedAt: Date): Date => {
  const deadline = new Date(receivedAt.getTime());
  const day = deadline.getUTCDate();
  deadline.setUTCDate(1);
  deadline.setUTCMonth(deadline.getUTCMonth() + 1);
  const lastDay = new Date(Date.UTC(deadline.getUTCFullYear(), deadline.getUTCMonth() + 1, 0)).getUTCDate();
  deadline.setUTCDate(Math.min(day, lastDay));
  return deadline;
};

/** A data export as asked for at `now`: queued for the job at once, due by its legal deadline. */
export const queuedExport = ({
  requestId,
  userId,
  now,
}: {
  requestId: string;
  userId: string;
  now: Date;
}): PrivacyRequest & { dueAt: string } => ({
  requestId,
  userId,
  kind: "export",
  status: "queued",
  version: 1,
  attempts: 0,
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  legalDeadline: legalDeadlineOf(now).toISOString(),
  dueAt: now.toISOString(),
});

/** Whether every service that must erase has confirmed. */
export const allConfirmed = (request: Pick<PrivacyRequest, "awaitingServices" | "confirmedServices">) => {
  const confirmed = new Set(request.confirmedServices ?? []);
  return (request.awaitingServices ?? []).every((service) => confirmed.has(service));
};

/** Exponential backoff for a failed export attempt: 1, 2, 4... minutes, at most an hour. */
export const retryDelayMs = (attempts: number) => Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;

/** What the user is told when their erasure waits for ownership to move. */
export const blockedReasonFor = (accountNames: string[]) =>
  `You own ${accountNames.length === 1 ? "an account" : "accounts"} that other people use (${accountNames.join(", ")}). Transfer ownership to another admin first; the deletion then runs at the next check.`;
