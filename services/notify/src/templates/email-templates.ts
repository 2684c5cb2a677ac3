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

export type Template<P> = Record<Locale, { subject: (p: P) => string; lines: (p: P) => string[]; action?: string }>;

/** One formatter per locale, made on first use: building an Intl.DateTimeFormat costs far more than formatting. */
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();

export const formatDate = (iso: string, locale: Locale) => {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });
    dateFormats.set(locale, format);
  }
  return `${format.format(new Date(iso))} UTC`;
};

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

interface InvitationParams {
  fullName?: string;
  accountName: string;
  inviterName: string;
  role: string;
  resources: Array<{ name: string; type: string; level: string }>;
  link: string;
  expiresAt: string;
}

const roleNames: Record<Locale, Record<string, string>> = {
  en: { admin: "administrator", standard: "user", viewer: "view-only user", operator: "operator" },
  ru: {
    admin: "администратор",
    standard: "пользователь",
    viewer: "пользователь с правом просмотра",
    operator: "оператор",
  },
  pl: { admin: "administrator", standard: "użytkownik", viewer: "użytkownik tylko do odczytu", operator: "operator" },
};
const levelNames: Record<Locale, Record<string, string>> = {
  en: { view: "view", use: "use", administer: "use and administer" },
  ru: { view: "просмотр", use: "использование", administer: "использование и администрирование" },
  pl: { view: "podgląd", use: "używanie", administer: "używanie i administrowanie" },
};
const resourceLines = (locale: Locale, p: InvitationParams) =>
  p.resources.map((r) => `  • ${r.name} (${r.type}): ${levelNames[locale][r.level] ?? r.level}`);

const invitation: Template<InvitationParams> = {
  en: {
    subject: (p) => `${p.inviterName} invites you to ${p.accountName}`,
    lines: (p) => [
      p.fullName ? `Hello ${p.fullName},` : "Hello,",
      `${p.inviterName} invites you to join the account "${p.accountName}" as ${roleNames.en[p.role] ?? p.role}.`,
      ...(p.resources.length > 0 ? ["You will have access to:", resourceLines("en", p).join("\n")] : []),
      "To accept, open this link (if you already have an account with us, sign in with this email address):",
      p.link,
      `The invitation is valid until ${p.expiresAt}. If you do not expect it, ignore this email.`,
    ],
    action: "Accept the invitation",
  },
  ru: {
    subject: (p) => `${p.inviterName} приглашает вас в ${p.accountName}`,
    lines: (p) => [
      p.fullName ? `Здравствуйте, ${p.fullName}!` : "Здравствуйте!",
      `${p.inviterName} приглашает вас в учётную запись «${p.accountName}» с ролью «${roleNames.ru[p.role] ?? p.role}».`,
      ...(p.resources.length > 0 ? ["Вам будет доступно:", resourceLines("ru", p).join("\n")] : []),
      "Чтобы принять приглашение, откройте ссылку (если у вас уже есть учётная запись, войдите с этим адресом почты):",
      p.link,
      `Приглашение действует до ${p.expiresAt}. Если вы его не ждали, просто проигнорируйте письмо.`,
    ],
    action: "Принять приглашение",
  },
  pl: {
    subject: (p) => `${p.inviterName} zaprasza Cię do ${p.accountName}`,
    lines: (p) => [
      p.fullName ? `Dzień dobry ${p.fullName},` : "Dzień dobry,",
      `${p.inviterName} zaprasza Cię do konta „${p.accountName}” w roli: ${roleNames.pl[p.role] ?? p.role}.`,
      ...(p.resources.length > 0 ? ["Otrzymasz dostęp do:", resourceLines("pl", p).join("\n")] : []),
      "Aby przyjąć zaproszenie, otwórz link (jeśli masz już u nas konto, zaloguj się tym adresem e-mail):",
      p.link,
      `Zaproszenie jest ważne do ${p.expiresAt}. Jeśli się go nie spodziewasz, zignoruj tę wiadomość.`,
    ],
    action: "Przyjmij zaproszenie",
  },
};

interface PartnerReportParams {
  fullName: string;
  partnerName: string;
  managedAccountName: string;
  report: "created" | "owner_joined" | "delegation_disabled" | "deleted";
}

const reportSentences: Record<Locale, Record<PartnerReportParams["report"], (p: PartnerReportParams) => string>> = {
  en: {
    created: (p) => `The client account "${p.managedAccountName}" was created and its owner invited.`,
    owner_joined: (p) => `The owner of the client account "${p.managedAccountName}" accepted the invitation.`,
    delegation_disabled: (p) =>
      `"${p.managedAccountName}" switched delegation off: ${p.partnerName} no longer manages it.`,
    deleted: (p) => `The client account "${p.managedAccountName}" was deleted.`,
  },
  ru: {
    created: (p) => `Создана клиентская учётная запись «${p.managedAccountName}», её владельцу отправлено приглашение.`,
    owner_joined: (p) => `Владелец клиентской учётной записи «${p.managedAccountName}» принял приглашение.`,
    delegation_disabled: (p) =>
      `«${p.managedAccountName}» отключила делегирование: ${p.partnerName} больше ею не управляет.`,
    deleted: (p) => `Клиентская учётная запись «${p.managedAccountName}» удалена.`,
  },
  pl: {
    created: (p) => `Utworzono konto klienta „${p.managedAccountName}” i zaproszono jego właściciela.`,
    owner_joined: (p) => `Właściciel konta klienta „${p.managedAccountName}” przyjął zaproszenie.`,
    delegation_disabled: (p) =>
      `„${p.managedAccountName}” wyłączyło delegowanie: ${p.partnerName} nie zarządza już tym kontem.`,
    deleted: (p) => `Konto klienta „${p.managedAccountName}” zostało usunięte.`,
  },
};

const partnerReport: Template<PartnerReportParams> = {
  en: {
    subject: (p) => `Client report: ${p.managedAccountName}`,
    lines: (p) => [
      `Hello ${p.fullName},`,
      reportSentences.en[p.report](p),
      `You receive this as a report recipient of ${p.partnerName}.`,
    ],
  },
  ru: {
    subject: (p) => `Отчёт по клиенту: ${p.managedAccountName}`,
    lines: (p) => [
      `Здравствуйте, ${p.fullName}!`,
      reportSentences.ru[p.report](p),
      `Вы получаете это письмо как получатель отчётов ${p.partnerName}.`,
    ],
  },
  pl: {
    subject: (p) => `Raport o kliencie: ${p.managedAccountName}`,
    lines: (p) => [
      `Dzień dobry ${p.fullName},`,
      reportSentences.pl[p.report](p),
      `Otrzymujesz tę wiadomość jako odbiorca raportów ${p.partnerName}.`,
    ],
  },
};

const isBareUrl = (line: string) => /^https?:\/\/\S+$/.test(line);

/**
 * An email from its template: the lines as plain text, and as HTML paragraphs where the action
 * `link` becomes a button (with the URL beneath) and, when `bareUrlsAsLinks`, any line that is a
 * URL becomes a link to itself. Off by default: a line quoting what a user wrote stays text.
 */
export const render = <P>(
  template: Template<P>,
  locale: Locale,
  params: P,
  link?: string,
  options: { bareUrlsAsLinks?: boolean } = {},
): RenderedEmail => {
  const t = template[locale];
  const lines = t.lines(params);
  const paragraph = (line: string) => {
    if (line === link && t.action) {
      return `<p><a href="${escapeHtml(line)}">${escapeHtml(t.action)}</a></p><p style="font-size:12px">${escapeHtml(line)}</p>`;
    }
    if (options.bareUrlsAsLinks && isBareUrl(line))
      return `<p><a href="${escapeHtml(line)}">${escapeHtml(line)}</a></p>`;
    return `<p>${escapeHtml(line)}</p>`;
  };
  const html = lines.map(paragraph).join("\n");
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
  partnerReport: (locale: Locale, p: PartnerReportParams) => render(partnerReport, locale, p),
  invitation: (locale: Locale, p: InvitationParams) =>
    render(invitation, locale, { ...p, expiresAt: formatDate(p.expiresAt, locale) }, p.link),
  passwordChanged: (locale: Locale, p: { fullName: string; at: string }) =>
    render(passwordChanged, locale, { ...p, at: formatDate(p.at, locale) }),
};
