import type { EventDetail } from "../../../../../shared/src/events/registry.ts";
import type { NotifyDependencies } from "../notify-dependencies.ts";

/** Keeps the recipient's phone current: preferences allow `sms` only for a confirmed one. */
export const onPhoneChanged = async (deps: NotifyDependencies, event: EventDetail<"UserPhoneChanged">) => {
  const { userId, phone, fullName, locale, email } = event.data;
  await deps.recipients.setPhone(
    userId,
    phone,
    event.occurredAt,
    { fullName, locale, ...(email ? { email } : {}) },
    deps.now(),
  );
};
