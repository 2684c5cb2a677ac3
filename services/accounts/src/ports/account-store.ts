import type { AccountFacts } from "../domain/access.ts";
import type { AuditEntry } from "../domain/audit.ts";
import type { Page } from "../domain/page.ts";
import type { RecordedWrite } from "./recorded-write.ts";

/** A parent's or partner's pointer to a child account. */
export interface AccountLinkKey {
  parentAccountId: string;
  relation: "sub" | "managed";
}

export interface AccountUpdate extends RecordedWrite {
  accountId: string;
  changes: {
    name?: string;
    adminsCanGrantAdmin?: boolean;
    delegationEnabled?: boolean;
    kind?: "standard" | "partner";
  };
  /** The version the change was based on: the write is conditional on it (`StaleVersion` otherwise). */
  expectedVersion: number;
  /** The parent's or partner's pointer to this account, whose name copy follows a rename. */
  link?: AccountLinkKey;
  now: Date;
}

export interface AccountsDeletion extends RecordedWrite {
  accountIds: string[];
  /**
   * Pointers in parent/partner partitions that go with the deleted accounts; a sub-account's
   * pointer going counts as a change of its parent's sub-accounts (`subaccountsVersion`).
   */
  links?: Array<AccountLinkKey & { childAccountId: string; externalId?: string }>;
  /**
   * A top-level account's `subaccountsVersion` as read before its sub-account links were listed
   * (undefined: absent). The deletion is conditional on it, so one that missed a sub-account
   * created meanwhile fails (`WriteConflict("state")`) instead of leaving it without a parent.
   */
  subaccountsAsListed?: { accountId: string; subaccountsVersion: number | undefined };
  now: Date;
}

/** Accounts themselves and their audit trail. */
export interface AccountStore {
  accountsByIds(accountIds: string[]): Promise<AccountFacts[]>;
  updateAccount(input: AccountUpdate): Promise<void>;
  /** All or none; an account no longer active is `WriteConflict("state")`. */
  softDeleteAccounts(input: AccountsDeletion): Promise<void>;
  /** Removes everything an account holds except its tombstone; safe to repeat. */
  purgeAccount(accountId: string): Promise<unknown>;
  /** The account's audit entries, newest first. */
  listAudit(accountId: string, limit: number, cursor?: string): Promise<Page<AuditEntry>>;
}
