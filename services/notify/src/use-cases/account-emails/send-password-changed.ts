import type { EventDetail } from "../../../../../shared/src/events/registry.ts";
import { emailTemplates } from "../../templates/email-templates.ts";
import type { NotifyDependencies } from "../notify-dependencies.ts";

/** Tells the user their password changed, in case it was not them. */
export const sendPasswordChanged = async (deps: NotifyDependencies, event: EventDetail<"PasswordChanged">) => {
  const { data } = event;
  const email = emailTemplates.passwordChanged(data.locale, { fullName: data.fullName, at: event.occurredAt });
  await deps.mailer.send({ ...email, to: data.email, recipientUserId: data.userId, category: "security" });
};
