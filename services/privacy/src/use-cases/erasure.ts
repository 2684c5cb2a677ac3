import type { AuthContext } from "../../../../shared/src/auth/auth-context.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import type { ErasureBlocker } from "../../../../shared/src/privacy/personal-data.ts";
import { blockedReasonFor, isCancellable, legalDeadlineOf, type PrivacyRequest } from "../domain/requests.ts";
import { ErasureAlreadyRequested, RequestChanged } from "../ports/privacy-store.ts";
import { requireUser } from "./caller.ts";
import type { PrivacyDependencies } from "./dependencies.ts";
import { requestView } from "./views.ts";

/** What stops the user's erasure now, asked of every service. */
export const erasureBlockersOf = async (deps: PrivacyDependencies, userId: string): Promise<ErasureBlocker[]> =>
  (await Promise.all(deps.providers.map((provider) => provider.erasureBlockers(userId)))).flat();

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

/** Cancels a scheduled (or blocked) erasure; once erasing has started it can no longer be stopped. */
export const cancelErasure = async (deps: PrivacyDependencies, auth: AuthContext) => {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const request = await deps.requests.activeErasureOf(auth.userId);
    if (!request) throw problem.notFound("There is no deletion request to cancel.");
    if (!isCancellable(request)) {
      throw problem.conflict(
        "erasure_in_progress",
        "Your data is being deleted already; this can no longer be stopped.",
      );
    }
    const now = deps.now().toISOString();
    try {
      await deps.requests.transition({
        request,
        set: { status: "cancelled", cancelledAt: now, updatedAt: now },
        releaseErasureGuard: true,
      });
      return requestView({ ...request, status: "cancelled", cancelledAt: now, updatedAt: now });
    } catch (error) {
      // The job touched it meanwhile (a recheck, or erasing began): read it again and decide anew.
      if (!(error instanceof RequestChanged)) throw error;
    }
  }
  throw problem.conflict("erasure_in_progress", "The deletion request is being processed; try again in a moment.");
};

/**
 * Erasure asked for by an admin who manages the user's whole identity (SPEC section 3): due now,
 * no grace period — the membership is already gone and the admin decided. A request already in
 * flight for the user stands; the admin's is then a no-op.
 */
export const eraseOnAdminRequest = async (deps: PrivacyDependencies, userId: string) => {
  const now = deps.now().toISOString();
  const request: PrivacyRequest = {
    requestId: deps.newId(),
    userId,
    kind: "erasure",
    status: "scheduled",
    version: 1,
    attempts: 0,
    createdAt: now,
    updatedAt: now,
    legalDeadline: legalDeadlineOf(deps.now()).toISOString(),
    scheduledFor: now,
    dueAt: now,
  };
  try {
    await deps.requests.createErasure(request);
  } catch (error) {
    if (!(error instanceof ErasureAlreadyRequested)) throw error;
  }
};
