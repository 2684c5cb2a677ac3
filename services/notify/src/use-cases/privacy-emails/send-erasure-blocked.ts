import type { EventDetail } from "../../../../../shared/src/events/registry.ts";
import { privacyEmailTemplates } from "../../templates/privacy-email-templates.ts";
import type { NotifyPrivacyDependencies } from "../notify-dependencies.ts";

/** A due erasure waits for ownership to move: tell the user why. */
export const sendErasureBlocked = async (deps: NotifyPrivacyDependencies, event: EventDetail<"UserErasureBlocked">) => {
  const recipient = await deps.recipients.get(event.data.userId);
  if (!recipient?.email) return;
  const email = privacyEmailTemplates.erasureBlocked(recipient.locale, {
    fullName: recipient.fullName,
    accountNames: event.data.accounts.map((a) => a.name),
  });
  await deps.mailer.send({ ...email, to: recipient.email, recipientUserId: recipient.userId, category: "security" });
};
