import type { Locale, Template } from "./email-templates.ts";
import { render } from "./email-templates.ts";

/** What the support bot says in a chat, by the reader's locale (plain text: no parse mode). */
const chatTexts: Record<
  Locale,
  {
    linked: (p: { fullName: string }) => string;
    linkUnusable: string;
    chatBoundElsewhere: string;
    notReady: string;
    howToLink: (p: { appBaseUrl: string }) => string;
    alreadyLinked: (p: { fullName: string }) => string;
    forwarded: string;
    unlinked: string;
  }
> = {
  en: {
    linked: (p) =>
      `Hello ${p.fullName}! This chat is now linked to your account. Write your question here and our support team will answer.`,
    linkUnusable: "This link has expired or was already used. Get a new one in your profile (Telegram → Link).",
    chatBoundElsewhere:
      "This chat is already linked to another account. Unlink it there first (profile → Telegram → Unlink), then open your link again.",
    notReady: "Your account is still being set up. Please open the link again in a minute.",
    howToLink: (p) =>
      `This chat is not linked to an account yet. Sign in at ${p.appBaseUrl}, open your profile and choose Telegram → Link, then follow the link.`,
    alreadyLinked: (p) => `This chat is linked to the account of ${p.fullName}. Write your question here.`,
    forwarded: "Thank you! Your message was passed to our support team; they will answer you by email.",
    unlinked: "This chat was unlinked from your account. Goodbye! You can link it again from your profile.",
  },
  ru: {
    linked: (p) =>
      `Здравствуйте, ${p.fullName}! Этот чат привязан к вашей учётной записи. Напишите здесь свой вопрос, и служба поддержки ответит.`,
    linkUnusable: "Ссылка устарела или уже использована. Получите новую в профиле (Telegram → Привязать).",
    chatBoundElsewhere:
      "Этот чат уже привязан к другой учётной записи. Сначала отвяжите его там (профиль → Telegram → Отвязать), затем снова откройте ссылку.",
    notReady: "Ваша учётная запись ещё создаётся. Откройте ссылку снова через минуту.",
    howToLink: (p) =>
      `Этот чат ещё не привязан к учётной записи. Войдите на ${p.appBaseUrl}, откройте профиль, выберите Telegram → Привязать и перейдите по ссылке.`,
    alreadyLinked: (p) => `Этот чат привязан к учётной записи ${p.fullName}. Напишите здесь свой вопрос.`,
    forwarded: "Спасибо! Ваше сообщение передано в службу поддержки; ответ придёт по электронной почте.",
    unlinked: "Этот чат отвязан от вашей учётной записи. До свидания! Привязать его снова можно в профиле.",
  },
  pl: {
    linked: (p) =>
      `Dzień dobry ${p.fullName}! Ten czat jest teraz połączony z Twoim kontem. Napisz tutaj swoje pytanie, a nasza pomoc techniczna odpowie.`,
    linkUnusable: "Ten link wygasł lub został już użyty. Wygeneruj nowy w profilu (Telegram → Połącz).",
    chatBoundElsewhere:
      "Ten czat jest już połączony z innym kontem. Najpierw odłącz go tam (profil → Telegram → Odłącz), a potem otwórz link ponownie.",
    notReady: "Twoje konto jest jeszcze tworzone. Otwórz link ponownie za minutę.",
    howToLink: (p) =>
      `Ten czat nie jest jeszcze połączony z kontem. Zaloguj się na ${p.appBaseUrl}, otwórz profil, wybierz Telegram → Połącz i otwórz link.`,
    alreadyLinked: (p) => `Ten czat jest połączony z kontem ${p.fullName}. Napisz tutaj swoje pytanie.`,
    forwarded: "Dziękujemy! Twoja wiadomość trafiła do pomocy technicznej; odpowiedź otrzymasz e-mailem.",
    unlinked: "Ten czat został odłączony od Twojego konta. Do widzenia! Możesz połączyć go ponownie w profilu.",
  },
};

interface SupportMessageParams {
  fullName: string;
  userId: string;
  email?: string;
  username?: string;
  chatId: string;
  text: string;
}

const supportMessage: Template<SupportMessageParams> = {
  en: {
    subject: (p) => `Telegram support message from ${p.fullName}`,
    lines: (p) => [
      `${p.fullName} (${p.email ?? "no email address"}, user ${p.userId}) wrote to the support bot on Telegram${p.username ? ` as @${p.username}` : ""} (chat ${p.chatId}):`,
      p.text,
      "Answer them by email; the bot does not relay replies.",
    ],
  },
  ru: {
    subject: (p) => `Сообщение в поддержку через Telegram от ${p.fullName}`,
    lines: (p) => [
      `${p.fullName} (${p.email ?? "нет адреса электронной почты"}, пользователь ${p.userId}) написал(а) боту поддержки в Telegram${p.username ? ` как @${p.username}` : ""} (чат ${p.chatId}):`,
      p.text,
      "Ответьте по электронной почте: бот не пересылает ответы.",
    ],
  },
  pl: {
    subject: (p) => `Wiadomość do pomocy technicznej przez Telegram od ${p.fullName}`,
    lines: (p) => [
      `${p.fullName} (${p.email ?? "brak adresu e-mail"}, użytkownik ${p.userId}) napisał(a) do bota pomocy technicznej w Telegramie${p.username ? ` jako @${p.username}` : ""} (czat ${p.chatId}):`,
      p.text,
      "Odpowiedz e-mailem; bot nie przekazuje odpowiedzi.",
    ],
  },
};

/** The support bot's chat messages and the email a support request becomes. */
export const telegramTemplates = {
  chat: (locale: Locale) => chatTexts[locale],
  supportMessage: (locale: Locale, p: SupportMessageParams) => render(supportMessage, locale, p),
};
