import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { Problem, problem } from "../../../../../shared/src/http/problem.ts";
import { queuedExport } from "../../domain/requests.ts";
import { ExportWindowBusy } from "../../ports/privacy-store.ts";
import { requireUser } from "../caller.ts";
import type { PrivacyDependencies } from "../dependencies.ts";

/**
 * Queues a data export for the job. One per user per window: the window is a guard item taken by
 * a conditional write in the same transaction as the request, so parallel asks cannot both pass.
 */
export const requestExport = async (deps: PrivacyDependencies, auth: AuthContext) => {
  const contact = await requireUser(deps, auth);
  if (!contact.email) {
    throw problem.unprocessable("email_required", "Exports are sent by email and this user has no email address.");
  }
  const now = deps.now();
  const request = queuedExport({ requestId: deps.newId(), userId: auth.userId, now });
  try {
    await deps.requests.createExport(
      request,
      now.getTime() + deps.config.PRIVACY_EXPORT_WINDOW_HOURS * 3600_000,
      now.getTime(),
    );
  } catch (error) {
    if (error instanceof ExportWindowBusy) {
      throw new Problem(
        429,
        "rate_limited",
        `One data export per ${deps.config.PRIVACY_EXPORT_WINDOW_HOURS} hours; retry in ${error.retryAfterSeconds} seconds.`,
        undefined,
        { "Retry-After": String(error.retryAfterSeconds) },
      );
    }
    throw error;
  }
  return { requestId: request.requestId, status: request.status };
};
