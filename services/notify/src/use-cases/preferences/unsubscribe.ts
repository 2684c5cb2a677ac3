import { unsubscribePages } from "../../templates/unsubscribe-pages.ts";
import { changePreferences } from "./change-preferences.ts";
import type { UnsubscribeDependencies } from "./preferences-dependencies.ts";

/** RFC 8058 one-click: turns the token's category off by email (the other channels stay as chosen). */
export const unsubscribe = async (deps: UnsubscribeDependencies, token: string): Promise<string> => {
  const { userId, category } = deps.unsubscribeTokens.open(token);
  // An erased user's link stays valid but has nobody left to unsubscribe: nothing is written.
  if (await deps.recipients.get(userId)) await changePreferences(deps, userId, { [category]: { email: false } });
  return unsubscribePages.done(category);
};
