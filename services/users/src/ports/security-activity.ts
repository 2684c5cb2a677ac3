/** What `GET /v1/me/activity` lists (SPEC 6.1); other flows (phone, email) record theirs through this port too. */
export const SECURITY_ACTIVITY_TYPES = [
  "signed_in",
  "sign_in_failed",
  "mfa_challenge_failed",
  "signed_out",
  "password_changed",
  "password_reset",
  "mfa_enabled",
  "mfa_disabled",
  "phone_confirmed",
  "phone_removed",
  "email_changed",
  "session_revoked",
  "signed_in_with_provider",
  "identity_linked",
  "identity_unlinked",
] as const;
export type SecurityActivityType = (typeof SECURITY_ACTIVITY_TYPES)[number];

export interface SecurityActivityEntry {
  userId: string;
  type: SecurityActivityType;
  at: Date;
  ip: string;
  userAgent: string;
}

export interface SecurityActivityPage {
  items: Array<{ type: SecurityActivityType; at: string; ip: string; userAgent: string }>;
  nextCursor: string | null;
}

/** A user's security log: append-only, newest first, erased with the user. */
export interface SecurityActivityLog {
  record(entry: SecurityActivityEntry): Promise<void>;
  list(userId: string, page: { limit: number; cursor?: string }): Promise<SecurityActivityPage>;
}
