import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import type { EventDetail } from "../../../../../shared/src/events/registry.ts";
import { allConfirmed } from "../../domain/requests.ts";
import { RequestChanged } from "../../ports/privacy-store.ts";
import type { PrivacyDependencies } from "../dependencies.ts";

/**
 * A service confirmed it erased its data. The confirmation is added to the request (a set, so
 * repeats are harmless); the one that completes the set closes the request and announces UserErased.
 * If a job run touched the request in between, read it again; the job also completes a fully
 * confirmed request it comes across.
 */
export const onErasureConfirmed = async (deps: PrivacyDependencies, event: EventDetail<"UserErasureConfirmed">) => {
  const { requestId, service } = event.data;
  let request = await deps.requests.confirmErasure(requestId, service);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (!request || request.status !== "erasing" || !allConfirmed(request)) return;
    const now = deps.now();
    try {
      await deps.requests.transition({
        request,
        set: { status: "completed", completedAt: now.toISOString(), updatedAt: now.toISOString() },
        events: [
          outboxItem({
            type: "UserErased",
            now,
            actor: { type: "system" },
            data: { requestId, userId: request.userId },
          }),
        ],
      });
      return;
    } catch (error) {
      if (!(error instanceof RequestChanged)) throw error;
      request = await deps.requests.getRequest(requestId);
    }
  }
};
