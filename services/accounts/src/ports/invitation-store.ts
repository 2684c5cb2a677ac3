import type { AccountFacts } from "../domain/access.ts";
import type { IdentitySummary } from "../domain/identity.ts";
import type { Invitation, NewInviteeIdentity } from "../domain/invitation.ts";
import type { Member } from "../domain/member.ts";
import type { Page } from "../domain/page.ts";
import type { RecordedWrite } from "./recorded-write.ts";

export interface InvitationQuery {
  limit: number;
  cursor?: string;
  status?: "pending" | "accepted" | "revoked" | "expired";
  nowSeconds: number;
}

export interface InvitationAcceptance extends RecordedWrite {
  invitation: Invitation;
  tokenHash: string;
  member: Member;
  /** A new person: their identity is created with the email the link verified. */
  newIdentity?: NewInviteeIdentity;
  now: Date;
}

/** What an invitation link opens: the invitation, whatever its state, and the account it is to. */
export interface OpenedLink {
  invitation: Invitation;
  account: AccountFacts | undefined;
  /** The signed-in reader's profile, when one was asked for. */
  reader?: IdentitySummary | undefined;
  /** The invitation's people, read with it when the link names them (links issued before it did: absent). */
  people?: InvitationPeople;
}

/** The people an invitation involves, as far as they exist yet. */
export interface InvitationPeople {
  inviter: IdentitySummary | undefined;
  /** The user the invited address already belongs to. */
  inviteeUserId: string | undefined;
}

/**
 * Invitations and their links. Only the link whose hash the invitation holds works; refused
 * writes are `InvitationConflict`s saying why.
 */
export interface InvitationStore {
  /** `already_invited` (one pending invitation per email) or `resource_missing`. */
  create(input: RecordedWrite & { invitation: Invitation }): Promise<void>;
  get(accountId: string, invitationId: string): Promise<Invitation | undefined>;
  /**
   * The invitation a link points at, if the link is an invitation link, read together with its
   * account, its people and (given) the signed-in reader's profile: two round trips, the link then one batch.
   */
  openLink(tokenHash: string, readerUserId?: string): Promise<OpenedLink | undefined>;
  /** The inviter's profile and the user the invited address belongs to, in one round trip. */
  peopleOf(invitation: Pick<Invitation, "invitedBy" | "email">): Promise<InvitationPeople>;
  /** Whether a user is already a member of the account, with their profile, in one round trip. */
  standingOf(accountId: string, userId: string): Promise<{ isMember: boolean; profile: IdentitySummary | undefined }>;
  list(accountId: string, query: InvitationQuery): Promise<Page<Invitation>>;
  /** A new link replaces the current one, which stops working; `not_pending` when it is no longer pending. */
  regenerate(
    input: RecordedWrite & { invitation: Invitation; tokenHash: string; expiresAt: number; now: Date },
  ): Promise<void>;
  revoke(input: RecordedWrite & { invitation: Invitation; now: Date }): Promise<void>;
  /** All at once or nothing: `not_pending`, `already_member` or `email_taken`. */
  accept(input: InvitationAcceptance): Promise<void>;
}
