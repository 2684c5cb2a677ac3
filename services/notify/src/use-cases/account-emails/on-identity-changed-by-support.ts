import type { EventDetail } from "../../../../../shared/src/events/registry.ts";
import { supportEmailTemplates } from "../../templates/support-email-templates.ts";
import type { NotifyDependencies } from "../notify-dependencies.ts";

/**
 * Provider support changed the user's identity: keep the recipient copy current and tell the user
 * at the address on file, and also at the replaced address when the email itself changed.
 */
export const onIdentityChangedBySupport = async (
  deps: NotifyDependencies,
  event: EventDetail<"UserIdentityChangedBySupport">,
) => {
  const { userId, changed, fullName, locale, email, previousEmail } = event.data;
  await deps.recipients.update(userId, { fullName, ...(email ? { email } : {}) }, deps.now());
  const notice = { fullName, changed, ...(email ? { email } : {}) };
  if (email) {
    const message = supportEmailTemplates.identityChangedBySupport(locale, { ...notice, audience: "current" });
    await deps.mailer.send({ ...message, to: email, recipientUserId: userId, category: "security" });
  }
  if (previousEmail && previousEmail !== email) {
    const message = supportEmailTemplates.identityChangedBySupport(locale, { ...notice, audience: "previous" });
    // The replaced address is no longer the user's: the notice is for that address only.
    await deps.mailer.send({ ...message, to: previousEmail, category: "security", boundTo: "email" });
  }
};
