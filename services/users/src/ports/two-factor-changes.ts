import type { OutboxEntry } from "../../../../shared/src/events/outbox.ts";
import type { TotpFactor } from "../../../../shared/src/mfa/totp-factors.ts";
import type { SecurityActivityEntry } from "./security-activity.ts";

/** What turning TOTP on or off records with it: the security log entry and the notice (none without email). */
export interface TwoFactorRecord {
  activity: SecurityActivityEntry;
  notice?: OutboxEntry;
}

/**
 * Turning TOTP on and off in the table, each one transaction with its log entry and notice. The
 * factor's state is the condition, so a change decided on a stale read commits nothing.
 */
export interface TwoFactorChanges {
  /** Turns the pending factor on, spending the confirming code's step; false if it changed meanwhile. */
  enable(input: { factor: TotpFactor; timeStep: number; now: Date } & TwoFactorRecord): Promise<boolean>;
  /** Removes the factor if it is on; false if it was not (anymore). */
  disable(input: { userId: string } & TwoFactorRecord): Promise<boolean>;
}
