import { formatDate, type Locale, render, type Template } from "./email-templates.ts";

/** The notice that two-factor sign-in was turned on or off: the owner of the account should know either way. */
const twoFactorChanged: Template<{ fullName: string; at: string; enabled: boolean }> = {
  en: {
    subject: (p) => (p.enabled ? "Two-factor sign-in is on" : "Two-factor sign-in was turned off"),
    lines: (p) => [
      `Hello ${p.fullName},`,
      p.enabled
        ? `Two-factor sign-in with an authenticator app was turned on for your account on ${p.at}.`
        : `Two-factor sign-in was turned off for your account on ${p.at}.`,
      "If you did not do this, reset your password now and contact support.",
    ],
  },
  ru: {
    subject: (p) => (p.enabled ? "Двухфакторный вход включён" : "Двухфакторный вход отключён"),
    lines: (p) => [
      `Здравствуйте, ${p.fullName}!`,
      p.enabled
        ? `Для вашей учётной записи ${p.at} включён двухфакторный вход с приложением-аутентификатором.`
        : `Для вашей учётной записи ${p.at} отключён двухфакторный вход.`,
      "Если это были не вы, немедленно сбросьте пароль и свяжитесь с поддержкой.",
    ],
  },
  pl: {
    subject: (p) =>
      p.enabled ? "Logowanie dwuskładnikowe jest włączone" : "Logowanie dwuskładnikowe zostało wyłączone",
    lines: (p) => [
      `Dzień dobry ${p.fullName},`,
      p.enabled
        ? `Logowanie dwuskładnikowe z aplikacją uwierzytelniającą zostało włączone dla Twojego konta ${p.at}.`
        : `Logowanie dwuskładnikowe zostało wyłączone dla Twojego konta ${p.at}.`,
      "Jeśli to nie Ty, natychmiast zresetuj hasło i skontaktuj się z pomocą techniczną.",
    ],
  },
};

export const securityEmailTemplates = {
  twoFactorChanged: (locale: Locale, p: { fullName: string; at: string; enabled: boolean }) =>
    render(twoFactorChanged, locale, { ...p, at: formatDate(p.at, locale) }),
};
