import type { OutboxEntry } from "../../../../shared/src/events/outbox.ts";
import type { PlatformAudit } from "./phone-store.ts";
import type { SecurityActivityEntry } from "./security-activity.ts";
import type { LoginRecord, UserProfile } from "./user-store.ts";

/** Someone else changed the profile's email between reading and writing it. */
export class IdentityChangedMeanwhile extends Error {
  override name = "IdentityChangedMeanwhile";
}

/** Provider support's edits of a user's identity (SPEC 6.7). */
export interface IdentityChangeStore {
  /** The user and, when an `email` is given, who signs in with it: one read. */
  readTarget(userId: string, email?: string): Promise<{ profile?: UserProfile; emailHolder?: LoginRecord }>;
  /**
   * In one transaction, as registration does: the new email's login record (taken → `EmailTaken`),
   * the old one released, the profile updated (its email must still be the one read, else
   * `IdentityChangedMeanwhile`), the platform audit entry, the user's security log entry and the events.
   */
  changeIdentity(input: {
    profile: UserProfile;
    email?: string;
    fullName?: string;
    now: Date;
    audit: PlatformAudit;
    activity?: SecurityActivityEntry;
    events: OutboxEntry[];
  }): Promise<void>;
}
