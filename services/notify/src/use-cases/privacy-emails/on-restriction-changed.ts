import type { EventDetail } from "../../../../../shared/src/events/registry.ts";
import type { NotifyPrivacyDependencies } from "../notify-dependencies.ts";

/** Keeps notify's copy of restrictions current: the delivery policy reads it. */
export const onRestrictionChanged = async (
  deps: NotifyPrivacyDependencies,
  event: EventDetail<"PrivacyRestrictionChanged">,
) => {
  const { userId, scope, restricted } = event.data;
  if (restricted) await deps.restrictions.set(userId, scope, new Date(event.occurredAt));
  else await deps.restrictions.clear(userId, scope);
};
