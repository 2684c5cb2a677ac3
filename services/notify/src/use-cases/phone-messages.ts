import { SEAL_PURPOSE } from "../../../../shared/src/crypto/secret-sealer.ts";
import type { EventDetail } from "../../../../shared/src/events/registry.ts";
import { smsTemplates } from "../templates/sms-templates.ts";
import { supportEmailTemplates } from "../templates/support-email-templates.ts";
import type { NotifyDependencies } from "./account-emails.ts";

/** The SMS with a phone code: opened from its sealed form only here, never stored or logged. */
export const sendPhoneCode = async (deps: NotifyDependencies, event: EventDetail<"PhoneVerificationCodeIssued">) => {
  const { data } = event;
  const code = await deps.sealer.open(data.code, SEAL_PURPOSE.phoneCode);
  const minutes = Math.max(1, Math.round((Date.parse(data.expiresAt) - Date.parse(event.occurredAt)) / 60_000));
  await deps.mailer.sendSms({
    category: "security",
    to: data.number,
    text: smsTemplates.phoneCode(data.locale, data.purpose, { code, minutes }),
    recipientUserId: data.userId,
    locale: data.locale,
  });
};

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
