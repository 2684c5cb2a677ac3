import type { EventDetail } from "../../../../../shared/src/events/registry.ts";
import { securityEmailTemplates } from "../../templates/security-email-templates.ts";
import type { NotifyDependencies } from "../notify-dependencies.ts";

/** Tells the user two-factor sign-in was turned on or off, in case it was not them. */
export const sendTwoFactorChanged = async (deps: NotifyDependencies, event: EventDetail<"TwoFactorChanged">) => {
  const { data } = event;
  const email = securityEmailTemplates.twoFactorChanged(data.locale, {
    fullName: data.fullName,
    at: event.occurredAt,
    enabled: data.enabled,
  });
  await deps.mailer.send({ ...email, to: data.email, recipientUserId: data.userId, category: "security" });
};
