import type { OutboxEntry } from "../../../../shared/src/events/outbox.ts";
import type { PhoneCodePurpose, PhoneCodeRecord } from "../domain/phone-codes.ts";
import type { SecurityActivityEntry } from "./security-activity.ts";
import type { UserProfile } from "./user-store.ts";

/** Another code was sent too recently (the resend pause); the race loser learns it from the write. */
export class ResendTooEarly extends Error {
  override name = "ResendTooEarly";
}
/** The code was used, replaced, voided or expired by the time the write ran. */
export class CodeUnusable extends Error {
  override name = "CodeUnusable";
}
/** The profile's phone is no longer the number (or status) the operation was decided on. */
export class PhoneChanged extends Error {
  override name = "PhoneChanged";
}

/** A platform-level audit entry (provider support's actions); ids only. */
export interface PlatformAudit {
  entryId: string;
  action: string;
  actorUserId: string;
  targetType: string;
  targetId: string;
  changes?: Record<string, unknown>;
  ip?: string;
  userAgent?: string;
  requestId?: string;
  at: string;
}

/**
 * The phone on a user's profile and its pending SMS codes. Every rule that must hold under
 * concurrent requests is a condition on the write: one use per code, the resend pause, a bounded
 * number of wrong guesses, and a confirmed phone is never overwritten.
 */
export interface PhoneStore {
  /** The profile and its pending code of that purpose, read together. */
  getProfileAndCode(
    userId: string,
    purpose: PhoneCodePurpose,
  ): Promise<{ profile?: UserProfile; code?: PhoneCodeRecord }>;
  /** Sets an unconfirmed phone unless the profile's phone is confirmed (then `PhoneChanged`). */
  setUnconfirmedPhone(input: { userId: string; number: string; now: Date; event: OutboxEntry }): Promise<void>;
  /**
   * Replaces the pending code of that purpose unless one was sent after `resendThreshold` (epoch ms;
   * `ResendTooEarly`), while the profile still has `number` with `expectedStatus` (else `PhoneChanged`).
   */
  issueCode(input: {
    record: PhoneCodeRecord;
    expectedStatus: "unconfirmed" | "confirmed";
    resendThreshold: number;
    event: OutboxEntry;
  }): Promise<void>;
  /** Counts a wrong guess against that very code while it has guesses left; returns the new count. Throws `CodeUnusable`. */
  recordWrongAttempt(input: { record: PhoneCodeRecord; maxAttempts: number }): Promise<number>;
  /**
   * Spends the code (it must still be that code, unexpired, with guesses left: else `CodeUnusable`)
   * and applies its effect in the same transaction: `verify` confirms the phone, `change` removes it
   * (the profile must still hold that number with the expected status: else `PhoneChanged`), with
   * the security log entry and the events.
   */
  spendCode(input: {
    record: PhoneCodeRecord;
    now: Date;
    maxAttempts: number;
    activity: SecurityActivityEntry;
    events: OutboxEntry[];
  }): Promise<void>;
  /** Provider support removes whatever phone the profile has (it must still be `number`), with pending codes. */
  removePhone(input: {
    userId: string;
    number: string;
    now: Date;
    audit: PlatformAudit;
    activity: SecurityActivityEntry;
    events: OutboxEntry[];
  }): Promise<void>;
}
