import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { isCancellable } from "../../domain/requests.ts";
import { RequestChanged } from "../../ports/privacy-store.ts";
import type { PrivacyDependencies } from "../dependencies.ts";
import { requestView } from "../requests/views.ts";

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
