import * as z from "zod";
import { cursorCodec } from "../../../../../shared/src/http/cursor.ts";
import { Problem } from "../../../../../shared/src/http/problem.ts";
import { MESSAGE_CATEGORIES, type MessageCategory } from "../../domain/notification-preferences.ts";

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
