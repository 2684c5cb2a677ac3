import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { blockedReasonFor, legalDeadlineOf, type PrivacyRequest } from "../../domain/requests.ts";
import { ErasureAlreadyRequested } from "../../ports/privacy-store.ts";
import { requireUser } from "../caller.ts";
import type { PrivacyDependencies } from "../dependencies.ts";
import { erasureBlockersOf } from "./erasure-blockers.ts";

/**
 * Schedules the erasure after the grace period. One erasure in flight per user (a guard item).
 * An owner of an account others use is told at once that it is blocked, and why; the job checks
 * again when it is due, so moving ownership during the grace period is enough.
 */
export const requestErasure = async (deps: PrivacyDependencies, auth: AuthContext) => {
  await requireUser(deps, auth);
  const blockers = await erasureBlockersOf(deps, auth.userId);
  const now = deps.now();
  const scheduledFor = new Date(now.getTime() + deps.config.PRIVACY_DELETION_GRACE_DAYS * 24 * 3600_000).toISOString();
  const request: PrivacyRequest = {
    requestId: deps.newId(),
    userId: auth.userId,
    kind: "erasure",
    status: blockers.length > 0 ? "blocked" : "scheduled",
    version: 1,
    attempts: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    legalDeadline: legalDeadlineOf(now).toISOString(),
    scheduledFor,
    dueAt: scheduledFor,
    ...(blockers.length > 0
      ? {
          blockedReason: blockedReasonFor(blockers.map((b) => b.accountName)),
          blockingAccountIds: blockers.map((b) => b.accountId),
        }
      : {}),
  };
  try {
    await deps.requests.createErasure(request);
  } catch (error) {
    if (error instanceof ErasureAlreadyRequested) {
      throw problem.conflict("erasure_already_requested", "Your data is already scheduled for deletion.");
    }
    throw error;
  }
  return {
    requestId: request.requestId,
    status: request.status,
    scheduledFor,
    blockedReason: request.blockedReason ?? null,
    blockingAccountIds: request.blockingAccountIds ?? [],
  };
};
