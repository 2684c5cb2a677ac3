import type { Locale } from "./email-templates.ts";
import { render, type Template } from "./email-templates.ts";

/** Who reads this copy: the address now on file, or the address that was replaced. */
export type SupportAudience = "current" | "previous";

interface SupportChangeParams {
  fullName: string;
  changed: Array<"email" | "fullName" | "phone">;
  /** The address the user signs in with from now on, when it changed. */
  email?: string;
  audience: SupportAudience;
}

const changeLines: Record<Locale, (p: SupportChangeParams) => string[]> = {
  en: (p) => [
    ...(p.changed.includes("email") ? [`Email address: now ${p.email}`] : []),
    ...(p.changed.includes("fullName") ? [`Full name: now ${p.fullName}`] : []),
    ...(p.changed.includes("phone") ? ["Phone number: removed"] : []),
  ],
  ru: (p) => [
    ...(p.changed.includes("email") ? [`Адрес электронной почты: теперь ${p.email}`] : []),
    ...(p.changed.includes("fullName") ? [`Имя: теперь ${p.fullName}`] : []),
    ...(p.changed.includes("phone") ? ["Номер телефона: удалён"] : []),
  ],
  pl: (p) => [
    ...(p.changed.includes("email") ? [`Adres e-mail: teraz ${p.email}`] : []),
    ...(p.changed.includes("fullName") ? [`Imię i nazwisko: teraz ${p.fullName}`] : []),
    ...(p.changed.includes("phone") ? ["Numer telefonu: usunięty"] : []),
  ],
};

const changedBySupport: Template<SupportChangeParams> = {
  en: {
    subject: () => "Your account details were changed by support",
    lines: (p) => [
      `Hello ${p.fullName},`,
      "Our support team changed the details of your account:",
      ...changeLines.en(p),
      ...(p.audience === "previous"
        ? [`This address is no longer used for your account; sign in with ${p.email} from now on.`]
        : []),
      "If you did not ask for this, contact support right away.",
    ],
  },
  ru: {
    subject: () => "Служба поддержки изменила данные вашей учётной записи",
    lines: (p) => [
      `Здравствуйте, ${p.fullName}!`,
      "Служба поддержки изменила данные вашей учётной записи:",
      ...changeLines.ru(p),
      ...(p.audience === "previous"
        ? [`Этот адрес больше не связан с вашей учётной записью; теперь входите с адресом ${p.email}.`]
        : []),
      "Если вы об этом не просили, сразу свяжитесь со службой поддержки.",
    ],
  },
  pl: {
    subject: () => "Pomoc techniczna zmieniła dane Twojego konta",
    lines: (p) => [
      `Dzień dobry ${p.fullName},`,
      "Nasz zespół pomocy technicznej zmienił dane Twojego konta:",
      ...changeLines.pl(p),
      ...(p.audience === "previous"
        ? [`Ten adres nie jest już używany dla Twojego konta; od teraz loguj się adresem ${p.email}.`]
        : []),
      "Jeśli to nie Ty o to prosiłeś, natychmiast skontaktuj się z pomocą techniczną.",
    ],
  },
};

/** The notices provider support's changes send, in the recipient's locale. */
export const supportEmailTemplates = {
  identityChangedBySupport: (locale: Locale, p: SupportChangeParams) => render(changedBySupport, locale, p),
};
