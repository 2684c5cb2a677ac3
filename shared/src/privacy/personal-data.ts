import type { ServiceName } from "../events/registry.ts";

/** One value of a personal datum as it goes into an export. */
export type PersonalDataValue = string | number | boolean | null;

/** A named group of records (the profile, each membership, each consent...). */
export interface PersonalDataSection {
  /** Stable snake_case name, the first column of the export. */
  section: string;
  rows: Array<Record<string, PersonalDataValue>>;
}

/** Why a service cannot erase a user yet; the user is told, and erasure waits until it is resolved. */
export interface ErasureBlocker {
  code: "owner_of_shared_account";
  accountId: string;
  accountName: string;
}

/**
 * The contract through which the privacy service learns and erases what a service holds about a
 * person. Each service implements it over its own items (nobody reads another service's items):
 * the privacy job calls `collect` and `erasureBlockers` (read-only), and each service's erasure
 * consumer calls `erase` for its own data when the UserErasureRequested event reaches it.
 */
export interface PersonalDataProvider {
  service: ServiceName;
  /** Every personal datum this service holds about the user. */
  collect(userId: string): Promise<PersonalDataSection[]>;
  /** What stops this service from erasing the user now; empty when nothing does. */
  erasureBlockers(userId: string): Promise<ErasureBlocker[]>;
  /** Deletes every item of this service keyed by the user; idempotent. Returns how many went. */
  erase(userId: string): Promise<number>;
}

/** How to reach a user, as the users service (the owner of identities) knows it. */
export interface UserContact {
  userId: string;
  email?: string;
  fullName: string;
  locale: "en" | "ru" | "pl";
}

/** The users service's read-only contract: whether a user exists and how to reach them. */
export interface UserDirectory {
  contact(userId: string): Promise<UserContact | undefined>;
}

/** A data export ready to go to its owner. */
export interface DataExportMessage {
  to: string;
  fullName: string;
  locale: UserContact["locale"];
  requestId: string;
  requestedAt: string;
  filename: string;
  csv: string;
}

/**
 * The notify service's contract for delivering an export: it owns the email's wording and the
 * mailer; the privacy job calls it and records the provider's message id with the `sent` status.
 */
export interface DataExportDelivery {
  /** Resolves with the provider's message id once the provider accepted the message; undefined when email is off. */
  deliver(message: DataExportMessage): Promise<{ messageId: string | undefined }>;
}
