import type { EventDetail } from "../../../../shared/src/events/registry.ts";
import type { RestrictionStore } from "../ports/restriction-store.ts";
import { privacyEmailTemplates } from "../templates/privacy-email-templates.ts";
import type { NotifyDependencies } from "./account-emails.ts";

export interface NotifyPrivacyDependencies extends NotifyDependencies {
  restrictions: RestrictionStore;
}

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

/** Keeps notify's copy of restrictions current: the delivery policy reads it. */
export const onRestrictionChanged = async (
  deps: NotifyPrivacyDependencies,
  event: EventDetail<"PrivacyRestrictionChanged">,
) => {
  const { userId, scope, restricted } = event.data;
  if (restricted) await deps.restrictions.set(userId, scope, new Date(event.occurredAt));
  else await deps.restrictions.clear(userId, scope);
};

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
