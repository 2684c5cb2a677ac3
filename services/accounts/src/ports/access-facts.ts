import type { AccountFacts } from "../domain/access.ts";
import type { IdentitySummary } from "../domain/identity.ts";
import type { Invitation } from "../domain/invitation.ts";
import type { Member, MemberPhone } from "../domain/member.ts";
import type { Resource } from "../domain/resource.ts";
import type { InvitationPeople } from "./invitation-store.ts";
import type { ResourceWithAccess } from "./resource-store.ts";

/** A member route's target: the membership and the user's profile (the users service writes it; read only here). */
export interface MemberWithProfile {
  member: Member | undefined;
  identity: IdentitySummary | undefined;
  phone: MemberPhone | null;
}

/** `consistent`: strongly consistent reads, for a route whose write relies on what it read (a removal's grants counter). */
export interface CoalescedReadOptions {
  consistent?: boolean;
}

/**
 * The reads the access resolver makes (SPEC section 4), each step in one round trip.
 * `coalesced()` gives the same reads for one request whose concurrent calls share BatchGetItem
 * calls (an access-check batch, or a route's target read beside the caller's facts); nothing is
 * cached across requests.
 */
export interface AccessFacts {
  /** Rule 1 facts: the account and the caller's membership of it. */
  loadAccountAndMembership(
    accountId: string,
    userId: string,
  ): Promise<{ account: AccountFacts | undefined; membership: Member | undefined }>;
  /** Rule 2 facts: the parent account, the caller's parent membership and their grant for this sub-account. */
  loadParentFacts(
    parentAccountId: string,
    userId: string,
    subaccountId: string,
  ): Promise<{ parent: AccountFacts | undefined; membership: Member | undefined; hasGrant: boolean }>;
  getMember(accountId: string, userId: string): Promise<Member | undefined>;
  accountsByIds(accountIds: string[]): Promise<AccountFacts[]>;
  getResourceWithAccess(accountId: string, resourceId: string, userId: string): Promise<ResourceWithAccess>;
  /** The account's resources among `resourceIds` (absent ones left out), e.g. those a request names. */
  resourcesByIds(accountId: string, resourceIds: string[]): Promise<Resource[]>;
  memberWithProfile(accountId: string, userId: string): Promise<MemberWithProfile>;
  /** Target items whose keys a request names, so they can ride in the access check's BatchGetItem. */
  getInvitation(accountId: string, invitationId: string): Promise<Invitation | undefined>;
  peopleOf(invitation: Pick<Invitation, "invitedBy" | "email">): Promise<InvitationPeople>;
  coalesced(options?: CoalescedReadOptions): AccessFacts;
}
