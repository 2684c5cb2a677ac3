import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { legalDeadlineOf, type RestrictionScope } from "../../domain/requests.ts";
import { RestrictionUnchanged } from "../../ports/privacy-store.ts";
import { requireUser } from "../caller.ts";
import type { PrivacyDependencies } from "../dependencies.ts";
import { restrictionsView } from "./restrictions-view.ts";

/**
 * Restricts (or lifts a restriction on) marketing or all processing beyond service delivery.
 * Recorded as a completed request; notify learns of it from the event and stops marketing.
 * Restricting what is already restricted changes nothing and answers with the current state.
 */
export const changeRestriction = async (
  deps: PrivacyDependencies,
  auth: AuthContext,
  scope: RestrictionScope,
  restricted: boolean,
) => {
  await requireUser(deps, auth);
  const now = deps.now();
  try {
    await deps.requests.changeRestriction({
      restricted,
      request: {
        requestId: deps.newId(),
        userId: auth.userId,
        kind: "restriction",
        status: "completed",
        version: 1,
        attempts: 0,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        completedAt: now.toISOString(),
        legalDeadline: legalDeadlineOf(now).toISOString(),
        scope,
        action: restricted ? "apply" : "lift",
      },
      event: outboxItem({
        type: "PrivacyRestrictionChanged",
        now,
        actor: { type: "user", userId: auth.userId },
        data: { userId: auth.userId, scope, restricted },
      }),
    });
  } catch (error) {
    if (!(error instanceof RestrictionUnchanged)) throw error;
    if (!restricted) throw problem.notFound(`No ${scope} restriction is in place.`);
  }
  return restrictionsView(deps, auth.userId);
};
