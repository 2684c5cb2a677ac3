import type { OutboxEntry } from "../../../../shared/src/events/outbox.ts";
import type { TotpFactor } from "../../../../shared/src/mfa/totp-factors.ts";
import type { PendingAvatar } from "./avatar-records.ts";
import type { LinkedIdentity } from "./external-identities.ts";
import type { SecurityActivityEntry } from "./security-activity.ts";

export type Locale = "en" | "ru" | "pl";

export interface UserProfile {
  userId: string;
  cognitoUsername: string;
  email?: string;
  login?: string;
  fullName: string;
  locale: Locale;
  timezone?: string;
  emailVerified: boolean;
  /** E.164, with whether the user proved they hold it. */
  phone?: string;
  phoneStatus?: "unconfirmed" | "confirmed";
  managedByAccountId?: string;
  /** The user was deleted or disabled: no sign-in, no refresh. */
  signInBlockedAt?: string;
  /** Most sessions at once (set by an admin who manages the identity); undefined = no limit. */
  maxSessions?: number;
  /** The published avatar's object key. */
  avatarKey?: string;
  /** False for a user who signed up through a provider and has not set a password since. */
  hasPassword?: boolean;
  /** How many external identities are linked. */
  externalIdentityCount?: number;
  /** The avatar upload awaiting confirmation. */
  pendingAvatar?: PendingAvatar;
  /** The Telegram chat the user linked, as the notify service reported it. */
  telegram?: { username?: string; linkedAt: string };
  createdAt: string;
  updatedAt: string;
}

export interface LoginRecord {
  userId: string;
  cognitoUsername: string;
}

export interface MembershipOfUser {
  accountId: string;
  role: "owner" | "admin" | "standard" | "viewer" | "operator";
  status: "active" | "disabled";
}

export type LinkPurpose = "email-verification" | "password-reset";

export interface LinkTokenRecord {
  userId: string;
  purpose: LinkPurpose;
  expiresAt: number;
  usedAt?: string;
}

export class EmailTaken extends Error {
  override name = "EmailTaken";
}
export class LinkUnusable extends Error {
  override name = "LinkUnusable";
}

/** The users service's persistence: profiles, login identifiers, link tokens, and its outbox. */
export interface UserStore {
  findLogin(kind: "email" | "login", value: string): Promise<LoginRecord | undefined>;
  getProfile(userId: string): Promise<UserProfile | undefined>;
  /** The profile and the TOTP factor, read together and consistently (the factor decides MFA rules). */
  getProfileAndFactor(userId: string): Promise<{ profile?: UserProfile; factor?: TotpFactor }>;
  /**
   * Atomically: the email's login record, the profile, the account, the owner membership, the
   * verification token (none for an address a provider vouched for), the external identity it
   * signed up with, and the events. Throws `EmailTaken` (and `IdentityTaken` for the identity).
   */
  registerOwner(input: {
    profile: UserProfile;
    account: { accountId: string; name: string };
    verification?: { tokenHash: string; expiresAt: number };
    externalIdentity?: LinkedIdentity;
    /** The security-activity entry of the sign-up (`identity_linked` for one through a provider). */
    activity?: SecurityActivityEntry;
    events: OutboxEntry[];
  }): Promise<void>;
  /** Stores a new link token together with the event that delivers it. */
  issueLinkToken(input: {
    tokenHash: string;
    purpose: LinkPurpose;
    userId: string;
    expiresAt: number;
    event: OutboxEntry;
  }): Promise<void>;
  findLinkToken(tokenHash: string): Promise<LinkTokenRecord | undefined>;
  /** Marks the token used if it is unused, unexpired and of that purpose; throws `LinkUnusable` otherwise. Optional extra effects commit with it. */
  useLinkToken(input: {
    tokenHash: string;
    purpose: LinkPurpose;
    now: Date;
    markEmailVerified?: string;
    event?: OutboxEntry;
  }): Promise<void>;
  /**
   * After the identity provider took a new password, in one transaction: `markPasswordSet` records
   * that a user who signed up through a provider now has a password too (another way to sign in),
   * with the security log entry and the event (none for a user without email).
   */
  recordPasswordReset(input: {
    userId: string;
    markPasswordSet: boolean;
    now: Date;
    activity: SecurityActivityEntry;
    event?: OutboxEntry;
  }): Promise<void>;
  /** Gives a used token back (the change it authorised could not be applied). */
  restoreLinkToken(tokenHash: string): Promise<void>;
  /** Applies the changes to the profile as read, with the event; returns the profile as it now is. */
  updateProfile(
    profile: UserProfile,
    changes: Partial<Pick<UserProfile, "fullName" | "locale" | "timezone">>,
    event: OutboxEntry,
    now: Date,
  ): Promise<UserProfile>;
  membershipsOf(userId: string): Promise<MembershipOfUser[]>;
  ping(): Promise<void>;
}
