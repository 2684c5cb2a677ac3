import { problem } from "../../../../../shared/src/http/problem.ts";
import { versionedUpdate } from "../../../../../shared/src/http/versioned-update.ts";
import {
  effectivePreferences,
  mergeChoices,
  type PreferenceChoices,
  preferenceViolations,
  wantsNews,
} from "../../domain/notification-preferences.ts";
import type { PreferencesView } from "./get-preferences.ts";
import type { PreferencesDependencies } from "./preferences-dependencies.ts";

/**
 * Merges a change into the user's choices. The write is conditional on the version read
 * (`versionedUpdate`), so concurrent changes are applied one after another and none is lost;
 * with `If-Match` a stale version is 412. The news subscribers' index follows in the same write.
 */
export const changePreferences = async (
  deps: PreferencesDependencies,
  userId: string,
  changes: PreferenceChoices,
  ifMatch?: number,
  alreadyRead?: Awaited<ReturnType<PreferencesDependencies["preferences"]["getWithRecipient"]>>,
): Promise<PreferencesView> => {
  // The first attempt reads the preferences with the recipient (unless the caller just did);
  // a lost race reads them alone again.
  const { stored: firstRead, recipient } = alreadyRead ?? (await deps.preferences.getWithRecipient(userId));
  let prefetched: typeof firstRead | undefined = firstRead;
  const violations = preferenceViolations(changes, {
    sms: recipient?.phone?.status === "confirmed",
    telegram: Boolean(recipient?.telegram),
  });
  if (violations.length > 0) {
    const [first] = violations;
    throw problem.unprocessable(
      first?.code ?? "invalid_preferences",
      violations.map((v) => v.message).join(" "),
      violations.map(({ path, message }) => ({ path, message })),
    );
  }
  return versionedUpdate(ifMatch, async (precondition) => {
    const stored = prefetched ?? (await deps.preferences.get(userId));
    prefetched = undefined;
    precondition(stored.version);
    const choices = mergeChoices(stored.choices, changes);
    const preferences = effectivePreferences(choices);
    const version = await deps.preferences.save({
      userId,
      choices,
      expectedVersion: stored.version,
      subscribedToNews: wantsNews(preferences),
      now: deps.now(),
    });
    return { preferences, version };
  });
};
