import type { Locale } from "./email-templates.ts";

interface CodeParams {
  code: string;
  /** Whole minutes the code stays valid. */
  minutes: number;
}

type SmsTemplate<P> = Record<Locale, (p: P) => string>;

// Short, one segment where the alphabet allows it; the code first so phones can offer to copy it.
const phoneVerificationCode: SmsTemplate<CodeParams> = {
  en: (p) =>
    `${p.code} is your Tenantry code to confirm this phone number. It expires in ${p.minutes} min. Never share it.`,
  ru: (p) => `${p.code} — код Tenantry для подтверждения номера. Действует ${p.minutes} мин. Никому его не сообщайте.`,
  pl: (p) => `${p.code} to kod Tenantry do potwierdzenia numeru. Ważny ${p.minutes} min. Nie podawaj go nikomu.`,
};

const phoneChangeCode: SmsTemplate<CodeParams> = {
  en: (p) =>
    `${p.code} is your Tenantry code to change your phone number. It expires in ${p.minutes} min. Not you? Ignore this message.`,
  ru: (p) =>
    `${p.code} — код Tenantry для смены номера телефона. Действует ${p.minutes} мин. Если это не вы, проигнорируйте сообщение.`,
  pl: (p) =>
    `${p.code} to kod Tenantry do zmiany numeru telefonu. Ważny ${p.minutes} min. Jeśli to nie Ty, zignoruj tę wiadomość.`,
};

/** Every SMS the platform sends, in the recipient's locale. */
export const smsTemplates = {
  phoneCode: (locale: Locale, purpose: "verify" | "change", p: CodeParams) =>
    (purpose === "verify" ? phoneVerificationCode : phoneChangeCode)[locale](p),
};
