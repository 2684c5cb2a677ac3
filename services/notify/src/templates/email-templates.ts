import { escapeHtml } from "../../../../shared/src/http/html.ts";

export type Locale = "en" | "ru" | "pl";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

interface LinkParams {
  fullName: string;
  link: string;
  expiresAt: string;
}

type Template<P> = Record<Locale, { subject: (p: P) => string; lines: (p: P) => string[]; action?: string }>;

const formatDate = (iso: string, locale: Locale) =>
  new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(new Date(iso)) +
  " UTC";

const verification: Template<LinkParams> = {
  en: {
    subject: () => "Confirm your email address",
    lines: (p) => [
      `Hello ${p.fullName},`,
      "Please confirm your email address to finish setting up your account:",
      p.link,
      `The link works once and until ${p.expiresAt}. If you did not sign up, ignore this email.`,
    ],
    action: "Confirm email",
  },
  ru: {
    subject: () => "Подтвердите адрес электронной почты",
    lines: (p) => [
      `Здравствуйте, ${p.fullName}!`,
      "Подтвердите адрес электронной почты, чтобы завершить регистрацию:",
      p.link,
      `Ссылка одноразовая и действует до ${p.expiresAt}. Если вы не регистрировались, просто проигнорируйте это письмо.`,
    ],
    action: "Подтвердить адрес",
  },
  pl: {
    subject: () => "Potwierdź swój adres e-mail",
    lines: (p) => [
      `Dzień dobry ${p.fullName},`,
      "Potwierdź adres e-mail, aby dokończyć zakładanie konta:",
      p.link,
      `Link działa jednorazowo do ${p.expiresAt}. Jeśli to nie Ty zakładałeś konto, zignoruj tę wiadomość.`,
    ],
    action: "Potwierdź adres",
  },
};

const passwordReset: Template<LinkParams> = {
  en: {
    subject: () => "Reset your password",
    lines: (p) => [
      `Hello ${p.fullName},`,
      "Someone asked to reset the password of your account. To choose a new password, open:",
      p.link,
      `The link works once and until ${p.expiresAt}. If it was not you, ignore this email: your password stays as it is.`,
    ],
    action: "Choose a new password",
  },
  ru: {
    subject: () => "Сброс пароля",
    lines: (p) => [
      `Здравствуйте, ${p.fullName}!`,
      "Поступил запрос на сброс пароля вашей учётной записи. Чтобы задать новый пароль, откройте ссылку:",
      p.link,
      `Ссылка одноразовая и действует до ${p.expiresAt}. Если это были не вы, проигнорируйте письмо: пароль не изменится.`,
    ],
    action: "Задать новый пароль",
  },
  pl: {
    subject: () => "Resetowanie hasła",
    lines: (p) => [
      `Dzień dobry ${p.fullName},`,
      "Otrzymaliśmy prośbę o zresetowanie hasła do Twojego konta. Aby ustawić nowe hasło, otwórz:",
      p.link,
      `Link działa jednorazowo do ${p.expiresAt}. Jeśli to nie Ty, zignoruj tę wiadomość: hasło się nie zmieni.`,
    ],
    action: "Ustaw nowe hasło",
  },
};

const passwordChanged: Template<{ fullName: string; at: string }> = {
  en: {
    subject: () => "Your password was changed",
    lines: (p) => [
      `Hello ${p.fullName},`,
      `The password of your account was changed on ${p.at}.`,
      "If you did not do this, reset your password now and contact support.",
    ],
  },
  ru: {
    subject: () => "Ваш пароль изменён",
    lines: (p) => [
      `Здравствуйте, ${p.fullName}!`,
      `Пароль вашей учётной записи был изменён ${p.at}.`,
      "Если это были не вы, немедленно сбросьте пароль и свяжитесь с поддержкой.",
    ],
  },
  pl: {
    subject: () => "Twoje hasło zostało zmienione",
    lines: (p) => [
      `Dzień dobry ${p.fullName},`,
      `Hasło do Twojego konta zostało zmienione ${p.at}.`,
      "Jeśli to nie Ty, natychmiast zresetuj hasło i skontaktuj się z pomocą techniczną.",
    ],
  },
};

const render = <P>(template: Template<P>, locale: Locale, params: P, link?: string): RenderedEmail => {
  const t = template[locale];
  const lines = t.lines(params);
  const html = lines
    .map((line) =>
      line === link && t.action
        ? `<p><a href="${escapeHtml(line)}">${escapeHtml(t.action)}</a></p><p style="font-size:12px">${escapeHtml(line)}</p>`
        : `<p>${escapeHtml(line)}</p>`,
    )
    .join("\n");
  return {
    subject: t.subject(params),
    text: `${lines.join("\n\n")}\n`,
    html: `<!doctype html><html><body>${html}</body></html>`,
  };
};

/** Every email the platform sends, rendered in the recipient's locale (plain text and HTML). */
export const emailTemplates = {
  emailVerification: (locale: Locale, p: { fullName: string; link: string; expiresAt: string }) =>
    render(verification, locale, { ...p, expiresAt: formatDate(p.expiresAt, locale) }, p.link),
  passwordReset: (locale: Locale, p: { fullName: string; link: string; expiresAt: string }) =>
    render(passwordReset, locale, { ...p, expiresAt: formatDate(p.expiresAt, locale) }, p.link),
  passwordChanged: (locale: Locale, p: { fullName: string; at: string }) =>
    render(passwordChanged, locale, { ...p, at: formatDate(p.at, locale) }),
};
