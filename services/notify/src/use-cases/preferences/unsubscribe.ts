import { unsubscribePages } from "../../templates/unsubscribe-pages.ts";
import { changePreferences } from "./change-preferences.ts";
import type { UnsubscribeDependencies } from "./preferences-dependencies.ts";

/** RFC 8058 one-click: turns the token's category off by email (the other channels stay as chosen). */
export const unsubscribe = async (deps: UnsubscribeDependencies, token: string): Promise<string> => {
  const { userId, category } = deps.unsubscribeTokens.open(token);
  // An erased user's link stays valid but has nobody left to unsubscribe: nothing is written.
  const read = await deps.preferences.getWithRecipient(userId);
  if (read.recipient) await changePreferences(deps, userId, { [category]: { email: false } }, undefined, read);
  return unsubscribePages.done(category);
};
