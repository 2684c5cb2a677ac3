import type { PreferenceChoices } from "../domain/notification-preferences.ts";
import type { Recipient } from "./recipient-store.ts";

/** What a user chose, and the version every change is conditional on (0: nothing stored yet). */
export interface StoredPreferences {
  choices: PreferenceChoices;
  version: number;
}

export interface PreferenceStore {
  get(userId: string): Promise<StoredPreferences>;
  /** The stored preferences with notify's copy of the recipient (the channels a change may enable), in one read. */
  getWithRecipient(userId: string): Promise<{ stored: StoredPreferences; recipient: Recipient | undefined }>;
  /**
   * Replaces the choices when the stored version is still `expectedVersion`, and puts the user in
   * (or takes them out of) the news subscribers' index in the same transaction; returns the new
   * version. Throws `StaleVersion` when another change came first.
   */
  save(input: {
    userId: string;
    choices: PreferenceChoices;
    expectedVersion: number;
    subscribedToNews: boolean;
    now: Date;
  }): Promise<number>;
  /** One page of the news subscribers' index (user ids), in a stable order. */
  newsSubscribers(cursor: string | null, limit: number): Promise<{ userIds: string[]; cursor: string | null }>;
}
