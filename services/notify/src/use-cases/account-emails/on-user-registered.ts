import type { EventDetail } from "../../../../../shared/src/events/registry.ts";
import type { NotifyDependencies } from "../notify-dependencies.ts";
import { sendVerification } from "./send-verification.ts";

/** A new user: remember how to reach them, then send the verification link. */
export const onUserRegistered = async (deps: NotifyDependencies, event: EventDetail<"UserRegistered">) => {
  const { data } = event;
  await deps.recipients.save(
    { userId: data.userId, email: data.email, fullName: data.fullName, locale: data.locale },
    deps.now(),
  );
  await sendVerification(deps, data);
};
