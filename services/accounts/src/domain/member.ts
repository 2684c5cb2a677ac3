import type { MembershipFacts } from "./access.ts";

/** A member of an account as the accounts service shows it: the access facts plus identity copies. */
export interface Member extends MembershipFacts {
  fullName: string;
  email?: string;
  login?: string;
  /** Copy of the user's published avatar key (from ProfileUpdated). */
  avatarKey?: string;
  addedBy: string;
  /** Counts the writes of the member's grants (absent: none counted yet); a removal is conditional on it. */
  grantsVersion?: number;
  createdAt: string;
  updatedAt: string;
}

/** The phone on a member's profile (the users service's item), as the single-member view shows it. */
export interface MemberPhone {
  number: string;
  status: "unconfirmed" | "confirmed";
}
