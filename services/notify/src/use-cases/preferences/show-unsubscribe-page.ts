import { unsubscribePages } from "../../templates/unsubscribe-pages.ts";
import type { UnsubscribeDependencies } from "./preferences-dependencies.ts";

/**
 * The page a link in an email opens: it only asks. Mail scanners follow links, so a GET must
 * change nothing; the button posts the same one-click form a mail client would.
 */
export const unsubscribeConfirmationPage = (deps: UnsubscribeDependencies, token: string): string => {
  const { category } = deps.unsubscribeTokens.open(token);
  return unsubscribePages.confirmation(category, token);
};
