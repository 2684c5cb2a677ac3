// Owner: privacy — the privacy service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/**
 * A privacy request (export, erasure, restriction). It lives outside the user's partition so the
 * record of an erasure outlives the user, with the user id as the only (pseudonymous) reference.
 */
export const privacyRequestEntity = defineEntity({
  model: { entity: "privacyRequest", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    requestId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    kind: { type: ["export", "erasure", "restriction"] as const, required: true, readOnly: true },
    status: {
      type: ["queued", "sent", "failed", "scheduled", "blocked", "erasing", "completed", "cancelled"] as const,
      required: true,
    },
    /** Optimistic concurrency: every transition increments it. */
    version: { type: "number", required: true, default: 1 },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
    legalDeadline: { type: "string", required: true, readOnly: true },
    /** The key of the request's queue item while it has one. */
    dueAt: { type: "string" },
    scheduledFor: { type: "string" },
    leaseOwner: { type: "string" },
    leaseUntil: { type: "number" },
    attempts: { type: "number", required: true, default: 0 },
    lastAttemptAt: { type: "string" },
    sentAt: { type: "string" },
    sesMessageId: { type: "string" },
    /** An earlier attempt may have reached SES before it crashed: the user may get the email twice. */
    possibleDuplicate: { type: "boolean" },
    failureReason: { type: "string" },
    blockedReason: { type: "string" },
    blockingAccountIds: { type: "list", items: { type: "string" } },
    awaitingServices: { type: "list", items: { type: "string" } },
    confirmedServices: { type: "set", items: "string" },
    erasureStartedAt: { type: "string" },
    completedAt: { type: "string" },
    cancelledAt: { type: "string" },
    scope: { type: ["marketing", "processing"] as const },
    action: { type: ["apply", "lift"] as const },
  },
  indexes: {
    all: primary("PRIVACY#REQUESTS", [], "REQUEST#${requestId}", ["requestId"]),
  },
});

export type PrivacyRequestItem = EntityItem<ReturnType<typeof privacyRequestEntity>>;
