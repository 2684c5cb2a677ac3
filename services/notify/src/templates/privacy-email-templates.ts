import { formatDate, type Locale, render, type Template } from "./email-templates.ts";

/** Privacy emails quote only URLs the platform chose (a policy's page): each shows as a link. */
const renderLinked = <P>(template: Template<P>, locale: Locale, params: P) =>
  render(template, locale, params, undefined, { bareUrlsAsLinks: true });

interface ExportParams {
  fullName: string;
  requestedAt: string;
}

const dataExport: Template<ExportParams> = {
  en: {
    subject: () => "Your personal data export",
    lines: (p) => [
      `Hello ${p.fullName},`,
      `Attached is a copy of the personal data we hold about you, as you asked on ${p.requestedAt}.`,
      "The file is CSV: each line names a section (profile, memberships, consents...), a record, a field and its value.",
      "If you did not ask for this, contact support.",
    ],
  },
  ru: {
    subject: () => "Ваши персональные данные",
    lines: (p) => [
      `Здравствуйте, ${p.fullName}!`,
      `Во вложении — копия персональных данных, которые мы о вас храним, по вашему запросу от ${p.requestedAt}.`,
      "Файл в формате CSV: в каждой строке раздел (профиль, участие в аккаунтах, согласия...), запись, поле и значение.",
      "Если вы не запрашивали выгрузку, свяжитесь с поддержкой.",
    ],
  },
  pl: {
    subject: () => "Eksport Twoich danych osobowych",
    lines: (p) => [
      `Dzień dobry ${p.fullName},`,
      `W załączniku przesyłamy kopię danych osobowych, które o Tobie przechowujemy, zgodnie z prośbą z ${p.requestedAt}.`,
      "Plik jest w formacie CSV: każdy wiersz zawiera sekcję (profil, członkostwa, zgody...), rekord, pole i wartość.",
      "Jeśli to nie Ty prosiłeś o eksport, skontaktuj się z pomocą techniczną.",
    ],
  },
};

interface PolicyParams {
  fullName: string;
  title: string;
  version: number;
  summary: string;
  url?: string;
  required: boolean;
}

const policyUpdated: Template<PolicyParams> = {
  en: {
    subject: (p) => `We have updated: ${p.title}`,
    lines: (p) => [
      `Hello ${p.fullName},`,
      `We have published version ${p.version} of "${p.title}". What changed: ${p.summary}`,
      ...(p.url ? [p.url] : []),
      p.required
        ? "Please review and accept it in your account settings to keep using the service."
        : "You can review your decision at any time in your privacy settings.",
    ],
  },
  ru: {
    subject: (p) => `Обновление документа: ${p.title}`,
    lines: (p) => [
      `Здравствуйте, ${p.fullName}!`,
      `Мы опубликовали версию ${p.version} документа «${p.title}». Что изменилось: ${p.summary}`,
      ...(p.url ? [p.url] : []),
      p.required
        ? "Пожалуйста, ознакомьтесь с ним и примите его в настройках учётной записи, чтобы продолжить пользоваться сервисом."
        : "Вы можете в любой момент пересмотреть своё решение в настройках конфиденциальности.",
    ],
  },
  pl: {
    subject: (p) => `Zaktualizowaliśmy: ${p.title}`,
    lines: (p) => [
      `Dzień dobry ${p.fullName},`,
      `Opublikowaliśmy wersję ${p.version} dokumentu „${p.title}”. Co się zmieniło: ${p.summary}`,
      ...(p.url ? [p.url] : []),
      p.required
        ? "Zapoznaj się z nim i zaakceptuj go w ustawieniach konta, aby dalej korzystać z usługi."
        : "Swoją decyzję możesz zmienić w każdej chwili w ustawieniach prywatności.",
    ],
  },
};

interface BlockedParams {
  fullName: string;
  accountNames: string[];
}

const erasureBlocked: Template<BlockedParams> = {
  en: {
    subject: () => "Your account deletion is on hold",
    lines: (p) => [
      `Hello ${p.fullName},`,
      `We cannot delete your data yet: you own accounts that other people use (${p.accountNames.join(", ")}).`,
      "Transfer the ownership of each to another admin; we delete your data at the next check after that.",
      "If you would rather keep your account, cancel the deletion request in your privacy settings.",
    ],
  },
  ru: {
    subject: () => "Удаление учётной записи приостановлено",
    lines: (p) => [
      `Здравствуйте, ${p.fullName}!`,
      `Мы пока не можем удалить ваши данные: вы владелец аккаунтов, которыми пользуются другие люди (${p.accountNames.join(", ")}).`,
      "Передайте права владельца каждого из них другому администратору — после этого мы удалим ваши данные при ближайшей проверке.",
      "Если вы передумали, отмените запрос на удаление в настройках конфиденциальности.",
    ],
  },
  pl: {
    subject: () => "Usunięcie konta wstrzymane",
    lines: (p) => [
      `Dzień dobry ${p.fullName},`,
      `Nie możemy jeszcze usunąć Twoich danych: jesteś właścicielem kont, z których korzystają inne osoby (${p.accountNames.join(", ")}).`,
      "Przekaż własność każdego z nich innemu administratorowi; usuniemy Twoje dane przy najbliższym sprawdzeniu.",
      "Jeśli chcesz zachować konto, anuluj prośbę o usunięcie w ustawieniach prywatności.",
    ],
  },
};

/** The privacy emails, in the recipient's locale (plain text and HTML). */
export const privacyEmailTemplates = {
  dataExport: (locale: Locale, p: ExportParams) =>
    renderLinked(dataExport, locale, { ...p, requestedAt: formatDate(p.requestedAt, locale) }),
  policyUpdated: (locale: Locale, p: PolicyParams) => renderLinked(policyUpdated, locale, p),
  erasureBlocked: (locale: Locale, p: BlockedParams) => renderLinked(erasureBlocked, locale, p),
};
