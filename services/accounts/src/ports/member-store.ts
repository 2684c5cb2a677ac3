import type { Via } from "../domain/access.ts";
import type { Member } from "../domain/member.ts";
import type { Page } from "../domain/page.ts";
import type { RightsOverrides } from "../domain/rights.ts";
import type { Role } from "../domain/roles.ts";
import type { RecordedWrite } from "./recorded-write.ts";

export interface MemberFilter {
  role?: Role;
  status?: "active" | "disabled";
  q?: string;
  limit: number;
  cursor?: string;
}

export interface MemberUpdate extends RecordedWrite {
  accountId: string;
  userId: string;
  set: {
    role?: Role;
    status?: "active" | "disabled";
    rightsOverrides?: RightsOverrides;
    fullName?: string;
    searchText?: string;
  };
  /** The version the change was based on: the write is conditional on it. */
  expectedVersion: number;
  /**
   * The role and status at `expectedVersion`: a change of one rewrites the index entries with the
   * other as read (current whenever the write's version condition holds).
   */
  asRead: Pick<Member, "role" | "status">;
  now: Date;
}

export interface MemberRemoval extends RecordedWrite {
  accountId: string;
  userId: string;
  /**
   * The membership's grants counter as read strongly consistent before this call: the first attempt
   * reads the grants without reading the counter again. Absent: the removal reads it.
   */
  counted?: Pick<Member, "grantsVersion">;
  /** The user is being deleted too: their sign-in is blocked in the same transaction. */
  blockSignIn?: boolean;
  now: Date;
}

export interface OwnershipTransfer extends RecordedWrite {
  accountId: string;
  fromUserId: string;
  toUserId: string;
  now: Date;
}

/** The identity copies a profile change carries (null avatar: removed). */
export interface MemberIdentityCopies {
  fullName?: string;
  email?: string;
  searchText?: string;
  avatarKey?: string | null;
}

/** One of a user's memberships, as the identity-management checks and the switcher read it. */
export interface MembershipOfUser {
  accountId: string;
  role: Role;
  status: "active" | "disabled";
  addedVia?: Via;
}

/** A user's memberships and sub-account grants (the account switcher's reads). */
export interface MembershipsWithGrants {
  memberships: MembershipOfUser[];
  subaccountGrants: Array<{ parentAccountId: string; subaccountId: string }>;
}

/** Memberships of accounts. Owners are never changed or removed here but by a transfer. */
export interface MemberStore {
  getMember(accountId: string, userId: string): Promise<Member | undefined>;
  listMembers(accountId: string, filter: MemberFilter): Promise<Page<Member>>;
  /** All members of an account (small partner organisations: report recipients). */
  allMembers(accountId: string): Promise<Member[]>;
  /** Every account a user belongs to, with the role there. */
  membershipsOf(userId: string): Promise<MembershipOfUser[]>;
  /** {@link membershipsOf} and the sub-accounts each parent account granted the user, in one read. */
  membershipsWithGrantsOf(userId: string): Promise<MembershipsWithGrants>;
  /** A managed user's membership (the identity is created before); an existing one is `WriteConflict("exists")`. */
  addMember(input: RecordedWrite & { member: Member; searchText: string }): Promise<void>;
  /** `WriteConflict("missing" | "owner")` or `StaleVersion` when the condition fails. */
  updateMember(input: MemberUpdate): Promise<void>;
  /** Removes the membership and every grant it held; `WriteConflict("missing" | "owner")`. */
  removeMember(input: MemberRemoval): Promise<void>;
  /** The old owner must still own, the new one must still be an active admin (`WriteConflict` otherwise). */
  transferOwnership(input: OwnershipTransfer): Promise<void>;
  /** The member's identity copies after a profile change, in every account. */
  refreshMemberIdentity(userId: string, identity: MemberIdentityCopies, now: Date): Promise<void>;
}
