import type { OutboxEntry } from "../../../../shared/src/events/outbox.ts";
import type { PlatformAudit } from "./phone-store.ts";
import type { UserProfile } from "./user-store.ts";

/** Someone else changed the profile's email between reading and writing it. */
export class IdentityChangedMeanwhile extends Error {
  override name = "IdentityChangedMeanwhile";
}

/** Provider support's edits of a user's identity (SPEC 6.7). */
export interface IdentityChangeStore {
  /**
   * In one transaction, as registration does: the new email's login record (taken → `EmailTaken`),
   * the old one released, the profile updated (its email must still be the one read, else
   * `IdentityChangedMeanwhile`), the platform audit entry and the events.
   */
  changeIdentity(input: {
    profile: UserProfile;
    email?: string;
    fullName?: string;
    now: Date;
    audit: PlatformAudit;
    events: OutboxEntry[];
  }): Promise<void>;
}
