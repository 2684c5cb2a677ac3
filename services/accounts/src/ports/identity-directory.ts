import type { AuditEntry } from "../domain/audit.ts";
import type { IdentitySummary, ManagedProfile } from "../domain/identity.ts";
import type { Member } from "../domain/member.ts";
import type { Role } from "../domain/roles.ts";
import type { RecordedWrite } from "./recorded-write.ts";

export interface UserRename extends RecordedWrite {
  identity: IdentitySummary;
  fullName: string;
  /** Every account whose membership carries a copy of the name. */
  accountIds: string[];
  /**
   * The membership the request addressed: its version (as read) conditions the whole change; its
   * role and status as read complete a change of either (they are one index key).
   */
  member: {
    accountId: string;
    expectedVersion: number;
    set: { role?: Role; status?: "active" | "disabled" };
    asRead: Pick<Member, "role" | "status">;
  };
  now: Date;
}

/**
 * The identity reads and writes an account admin may make (SPEC section 3, cross-tenant safety):
 * creating a managed user, editing the profile of a user whose every account they administer,
 * issuing a reset link. The identity is the users service's; it changes here only together with
 * the membership, so the two never disagree.
 */
export interface IdentityDirectory {
  findUserIdByEmail(email: string): Promise<string | undefined>;
  getProfile(userId: string): Promise<IdentitySummary | undefined>;
  /** Login record, profile, membership, audit and events at once; a taken login is `WriteConflict("exists")`. */
  createManagedUser(input: RecordedWrite & { profile: ManagedProfile; member: Member }): Promise<void>;
  /** `StaleVersion` when the addressed membership moved on (or went). */
  renameUser(input: UserRename): Promise<void>;
  /** The session limit (null removes it), with its audit entries. */
  setMaxSessions(input: { userId: string; maxSessions: number | null; now: Date; audit: AuditEntry[] }): Promise<void>;
  issueResetToken(input: RecordedWrite & { tokenHash: string; userId: string; expiresAt: number }): Promise<void>;
}
