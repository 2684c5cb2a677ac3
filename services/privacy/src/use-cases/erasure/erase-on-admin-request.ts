import { legalDeadlineOf, type PrivacyRequest } from "../../domain/requests.ts";
import { ErasureAlreadyRequested } from "../../ports/privacy-store.ts";
import type { PrivacyDependencies } from "../dependencies.ts";

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
