import * as z from "zod";
import { cursorCodec } from "../../../../shared/src/http/cursor.ts";
import { escapeHtml } from "../../../../shared/src/http/html.ts";
import { Problem } from "../../../../shared/src/http/problem.ts";
import { MESSAGE_CATEGORIES, type MessageCategory } from "../domain/notification-preferences.ts";
import { changePreferences, type PreferencesDependencies } from "./preferences.ts";

/** What a token may unsubscribe from: every category whose email can be turned off. */
const unsubscribable = z.enum(MESSAGE_CATEGORIES).exclude(["security"]);
const tokenPayload = z.object({ u: z.string().min(1), c: unsubscribable });

/** The HMAC domain of these tokens: a list cursor (or any other sealed value) is never one. */
const PURPOSE = "notifications.unsubscribe";

const invalidToken = () =>
  new Problem(400, "invalid_token", "This unsubscribe link is not valid.", [
    { path: "query.token", message: "unknown, altered or foreign token" },
  ]);

/**
 * One-click unsubscribe tokens (RFC 8058): the user and the category, sealed with an HMAC under
 * the platform's signing key, so a token cannot be edited to another user or category. They do
 * not expire: an unsubscribe link must keep working for as long as the email is read.
 */
export const unsubscribeTokens = (signingKey: string) => {
  const codec = cursorCodec(signingKey);
  return {
    issue(userId: string, category: MessageCategory): string {
      return codec.seal(Buffer.from(JSON.stringify({ u: userId, c: category })).toString("base64url"), PURPOSE);
    },
    /** The user and category a token names; `400 invalid_token` for anything not issued here. */
    open(token: string): { userId: string; category: Exclude<MessageCategory, "security"> } {
      try {
        const payload = JSON.parse(Buffer.from(codec.open(token, PURPOSE), "base64url").toString("utf8"));
        const { u, c } = tokenPayload.parse(payload);
        return { userId: u, category: c };
      } catch {
        throw invalidToken();
      }
    },
  };
};
export type UnsubscribeTokens = ReturnType<typeof unsubscribeTokens>;

export interface UnsubscribeDependencies extends PreferencesDependencies {
  unsubscribeTokens: UnsubscribeTokens;
}

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

/**
 * The page a link in an email opens: it only asks. Mail scanners follow links, so a GET must
 * change nothing; the button posts the same one-click form a mail client would.
 */
export const unsubscribeConfirmationPage = (deps: UnsubscribeDependencies, token: string): string => {
  const { category } = deps.unsubscribeTokens.open(token);
  const action = `?token=${encodeURIComponent(token)}`;
  return page(
    "Unsubscribe",
    `<p>Stop receiving ${escapeHtml(CATEGORY_NAMES[category])} by email?</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button></form>`,
  );
};

/** RFC 8058 one-click: turns the token's category off by email (the other channels stay as chosen). */
export const unsubscribe = async (deps: UnsubscribeDependencies, token: string): Promise<string> => {
  const { userId, category } = deps.unsubscribeTokens.open(token);
  // An erased user's link stays valid but has nobody left to unsubscribe: nothing is written.
  if (await deps.recipients.get(userId)) await changePreferences(deps, userId, { [category]: { email: false } });
  return page(
    "Unsubscribed",
    `<p>You will no longer receive ${escapeHtml(CATEGORY_NAMES[category])} by email. You can change this in your notification settings.</p>`,
  );
};
