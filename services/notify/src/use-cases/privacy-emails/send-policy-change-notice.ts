import type { EventDetail } from "../../../../../shared/src/events/registry.ts";
import { privacyEmailTemplates } from "../../templates/privacy-email-templates.ts";
import type { NotifyPrivacyDependencies } from "../notify-dependencies.ts";

/** A policy the user decided on has a new version: tell them, in their locale. */
export const sendPolicyChangeNotice = async (
  deps: NotifyPrivacyDependencies,
  event: EventDetail<"PolicyChangeNoticeRequested">,
) => {
  const { data } = event;
  const recipient = await deps.recipients.get(data.userId);
  if (!recipient?.email) return;
  const email = privacyEmailTemplates.policyUpdated(recipient.locale, {
    fullName: recipient.fullName,
    title: data.title,
    version: data.version,
    summary: data.summary,
    required: data.required,
    ...(data.url ? { url: data.url } : {}),
  });
  await deps.mailer.send({ ...email, to: recipient.email, recipientUserId: recipient.userId, category: "account" });
};
