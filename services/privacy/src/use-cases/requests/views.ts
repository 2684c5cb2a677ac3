import { isOpen, type PrivacyRequest } from "../../domain/requests.ts";

/** A request as its owner sees it. */
export const requestView = (request: PrivacyRequest) => ({
  requestId: request.requestId,
  kind: request.kind,
  status: request.status,
  createdAt: request.createdAt,
  updatedAt: request.updatedAt,
  legalDeadline: request.legalDeadline,
  scheduledFor: request.scheduledFor ?? null,
  sentAt: request.sentAt ?? null,
  completedAt: request.completedAt ?? null,
  cancelledAt: request.cancelledAt ?? null,
  blockedReason: request.blockedReason ?? null,
  blockingAccountIds: request.blockingAccountIds ?? [],
  failureReason: request.failureReason ?? null,
  scope: request.scope ?? null,
  action: request.action ?? null,
});

/** A request as provider support sees it: with whose it is, the deadline and delivery details. */
export const platformRequestView = (request: PrivacyRequest, now: Date) => ({
  ...requestView(request),
  userId: request.userId,
  overdue: isOpen(request) && now.toISOString() > request.legalDeadline,
  attempts: request.attempts,
  sesMessageId: request.sesMessageId ?? null,
  possibleDuplicate: request.possibleDuplicate ?? false,
  awaitingServices: request.awaitingServices ?? [],
  confirmedServices: request.confirmedServices ?? [],
});
