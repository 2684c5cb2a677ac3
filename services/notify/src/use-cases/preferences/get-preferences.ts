import { effectivePreferences, type NotificationPreferences } from "../../domain/notification-preferences.ts";
import type { PreferencesDependencies } from "./preferences-dependencies.ts";

export interface PreferencesView {
  preferences: NotificationPreferences;
  version: number;
}

/** The user's preferences, defaults filled in, with the version a change may be conditional on. */
export const getPreferences = async (deps: PreferencesDependencies, userId: string): Promise<PreferencesView> => {
  const stored = await deps.preferences.get(userId);
  return { preferences: effectivePreferences(stored.choices), version: stored.version };
};
