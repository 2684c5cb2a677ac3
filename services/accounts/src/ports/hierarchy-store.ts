import type { AccountFacts } from "../domain/access.ts";
import type { Invitation } from "../domain/invitation.ts";
import type { Page } from "../domain/page.ts";
import type { RecordedWrite } from "./recorded-write.ts";

/** A child account as its parent's or partner's pointer describes it. */
export interface LinkedAccount {
  accountId: string;
  name: string;
  externalId: string | undefined;
}

export interface NewSubaccount extends RecordedWrite {
  account: AccountFacts & { billingAccountId: string; externalId: string; createdAt: string; updatedAt: string };
  now: Date;
}

export interface NewManagedAccount extends RecordedWrite {
  account: { accountId: string; name: string; managedBy: string; createdAt: string };
  ownerInvitation: Invitation;
}

export interface SubaccountGrantsChange extends RecordedWrite {
  parentAccountId: string;
  userId: string;
  /** The membership's version as read: the write is conditional on it (`StaleVersion` otherwise). */
  memberVersion: number;
  add: string[];
  remove: string[];
  grantedBy: string;
  now: Date;
}

/** Sub-accounts, accounts a partner manages, the pointers to them and who may enter which sub-account. */
export interface HierarchyStore {
  /** A taken external id is `WriteConflict("exists")`, a parent no longer able to hold one `WriteConflict("state")`. */
  createSubaccount(input: NewSubaccount): Promise<void>;
  /** The client account (delegation on), the partner's pointer to it and its owner's invitation. */
  createManagedAccount(input: NewManagedAccount): Promise<void>;
  listLinks(
    parentAccountId: string,
    relation: "sub" | "managed",
    limit: number,
    cursor?: string,
  ): Promise<Page<LinkedAccount>>;
  /**
   * Every child of one relation (for cascades and the account switcher); `consistent` for a write
   * conditional on a counter read before (a deletion must see every link that counter counts).
   */
  allLinks(
    parentAccountId: string,
    relation: "sub" | "managed",
    options?: { consistent?: boolean },
  ): Promise<LinkedAccount[]>;
  hasSubaccounts(parentAccountId: string): Promise<boolean>;
  subaccountGrantsOf(parentAccountId: string, userId: string): Promise<string[]>;
  /** Removes every member's grant of a deleted sub-account from its parent (idempotent); how many there were. */
  deleteGrantsTo(parentAccountId: string, subaccountId: string): Promise<number>;
  /** Sets exactly which sub-accounts a parent member may enter. */
  setSubaccountGrants(input: SubaccountGrantsChange): Promise<void>;
}
