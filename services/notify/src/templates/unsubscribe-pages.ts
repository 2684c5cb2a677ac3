import { escapeHtml } from "../../../../shared/src/http/html.ts";
import type { MessageCategory } from "../domain/notification-preferences.ts";

const CATEGORY_NAMES: Record<MessageCategory, string> = {
  security: "security notices",
  account: "account messages",
  billing: "billing messages",
  news: "news",
  partner_reports: "partner reports",
};

const page = (title: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}
button{font:inherit;padding:.5rem 1rem}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;

/** The pages an unsubscribe link leads to: the question (a form posting the token back) and the answer. */
export const unsubscribePages = {
  confirmation: (category: MessageCategory, token: string) => {
    const action = `?token=${encodeURIComponent(token)}`;
    return page(
      "Unsubscribe",
      `<p>Stop receiving ${escapeHtml(CATEGORY_NAMES[category])} by email?</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button></form>`,
    );
  },
  done: (category: MessageCategory) =>
    page(
      "Unsubscribed",
      `<p>You will no longer receive ${escapeHtml(CATEGORY_NAMES[category])} by email. You can change this in your notification settings.</p>`,
    ),
};
