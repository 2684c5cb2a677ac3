import { escapeHtml } from "../../../../../shared/src/http/html.ts";
import type { Broadcast, LocalizedText } from "../../ports/broadcast-store.ts";
import type { OutgoingEmail } from "../../ports/mailer.ts";
import type { Locale } from "../../templates/email-templates.ts";
import type { BroadcastDependencies } from "./broadcast-dependencies.ts";

const inLocale = (text: LocalizedText, locale: Locale) => text[locale] ?? text.en;

const UNSUBSCRIBE_LINE: Record<Locale, string> = {
  en: "Unsubscribe from news",
  ru: "Отписаться от новостей",
  pl: "Wypisz się z wiadomości",
};

/** The broadcast as an email in one locale, with the one-click unsubscribe link and headers (RFC 2369, RFC 8058). */
export const broadcastEmail = (
  b: Pick<Broadcast, "subject" | "body">,
  locale: Locale,
  to: string,
  userId: string,
  unsubscribeUrl: string,
): OutgoingEmail => {
  const subject = inLocale(b.subject, locale);
  const body = inLocale(b.body, locale);
  const paragraphs = body
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
    .join("");
  return {
    to,
    recipientUserId: userId,
    category: "news",
    subject,
    text: `${body}\n\n--\n${UNSUBSCRIBE_LINE[locale]}: ${unsubscribeUrl}`,
    html: `${paragraphs}<hr><p><a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(UNSUBSCRIBE_LINE[locale])}</a></p>`,
    headers: {
      "List-Unsubscribe": `<${unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
};

/** The one-click unsubscribe link from news for one user. */
export const unsubscribeUrlFor = (
  deps: Pick<BroadcastDependencies, "appBaseUrl" | "unsubscribeTokens">,
  userId: string,
) => {
  const url = new URL("/v1/notifications/unsubscribe", deps.appBaseUrl);
  url.searchParams.set("token", deps.unsubscribeTokens.issue(userId, "news"));
  return url.toString();
};
