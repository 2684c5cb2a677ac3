import { SEAL_PURPOSE } from "../../../../../shared/src/crypto/secret-sealer.ts";
import type { EventDetail } from "../../../../../shared/src/events/registry.ts";
import { smsTemplates } from "../../templates/sms-templates.ts";
import type { NotifyDependencies } from "../notify-dependencies.ts";

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
