import type { EventDetail } from "../../../../../shared/src/events/registry.ts";
import type { NotifyDependencies } from "../notify-dependencies.ts";

/** Keeps the recipient copy's name and locale current. */
export const onProfileUpdated = async (deps: NotifyDependencies, event: EventDetail<"ProfileUpdated">) => {
  const { userId, fullName, locale } = event.data;
  await deps.recipients.update(userId, { fullName, locale }, deps.now());
};
