import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { versionedUpdate } from "../../../../../shared/src/http/versioned-update.ts";
import { auditEntry } from "../../domain/audit.ts";
import type { Member } from "../../domain/member.ts";
import { type Role, roleRank } from "../../domain/roles.ts";
import type { MemberWithProfile } from "../../ports/access-facts.ts";
import { authorizeWith } from "../access/resolve-access.ts";
import { assertMayGrantRole, assertRoleNeedsNoMissingEmail } from "../access/role-grants.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { explainConflict } from "../explain-conflict.ts";
import { assertIdentityManaged } from "../managed-identities/assert-identity-managed.ts";
import { recordedChange } from "../recorded-change.ts";
import { memberConflict, memberNotFound, memberPerAttempt, ownerProtected } from "./member-problems.ts";
import { memberResponse } from "./member-response.ts";

export interface MemberChanges {
  role?: Role;
  status?: "active" | "disabled";
  fullName?: string;
  /** SPEC 6.1 sessions: most sessions at once for a member whose identity the caller manages; null = no limit. */
  maxSessions?: number | null;
}

/**
 * Role and status act on the membership; a full name is the user's identity, allowed only where
 * the caller manages it. Everything the request changes is one transaction conditional on the
 * membership's version as read (see `versionedUpdate`): with If-Match a lost race changes nothing.
 */
export const updateMember = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  userId: string,
  changes: MemberChanges,
  ifMatch: number | undefined,
) => {
  // A change of the identity (name, session limit) checks it is the caller's to change (SPEC 3), which
  // needs the user's profile: its key is known, so it rides in the access check's BatchGetItem.
  const touchesIdentity = changes.fullName !== undefined || changes.maxSessions !== undefined;
  const { access, target } = await authorizeWith(
    deps,
    caller.auth.userId,
    accountId,
    "members.manage",
    async (reads): Promise<Pick<MemberWithProfile, "member" | "identity">> =>
      touchesIdentity
        ? reads.memberWithProfile(accountId, userId)
        : { member: await reads.getMember(accountId, userId), identity: undefined },
  );
  if (!target.member) throw memberNotFound();
  const memberToChange = memberPerAttempt(deps, target.member);
  const assertManaged = () => assertIdentityManaged(deps, access, userId, touchesIdentity ? target : undefined);
  let managedIdentity: Awaited<ReturnType<typeof assertIdentityManaged>> | undefined;
  let maxSessionsSet = false;
  return versionedUpdate(ifMatch, async (precondition) => {
    const member = await memberToChange();
    precondition(member.version);
    const now = deps.now();
    const rename =
      changes.fullName !== undefined && changes.fullName !== member.fullName ? changes.fullName : undefined;

    // The session limit lives on the user's identity, not on the membership's version: set it once
    // the precondition held (a 412 changes nothing), and only once across retries.
    if (changes.maxSessions !== undefined && !maxSessionsSet) {
      managedIdentity ??= await assertManaged();
      await deps.identities.setMaxSessions({
        userId,
        maxSessions: changes.maxSessions,
        now,
        audit: managedIdentity.accountIds.map((id) =>
          auditEntry({
            accountId: id,
            action: "user.max_sessions_set",
            access,
            target: { type: "user", id: userId },
            changes: { maxSessions: changes.maxSessions },
            meta: caller.meta,
            now,
          }),
        ),
      });
      maxSessionsSet = true;
    }

    const set: { role?: Role; status?: "active" | "disabled" } = {};
    if (changes.role !== undefined && changes.role !== member.role) set.role = changes.role;
    if (changes.status !== undefined && changes.status !== member.status) set.status = changes.status;
    const membershipChanged = Object.keys(set).length > 0;
    if (membershipChanged) {
      if (member.role === "owner") throw ownerProtected();
      if (set.role) {
        assertMayGrantRole(access, set.role);
        assertRoleNeedsNoMissingEmail(set.role, member.email);
        if (
          access.role !== "owner" &&
          access.role !== "host-admin" &&
          roleRank(member.role) > roleRank(access.role as Role)
        ) {
          throw problem.forbidden("cannot_grant_role", "You cannot change the role of someone above you.");
        }
      }
    }
    const membershipRecords = membershipChanged
      ? recordedChange({
          caller,
          access,
          accountId,
          action: "member.updated",
          target: { type: "member", id: userId },
          changes: set,
          now,
          events: [{ type: "MemberUpdated", data: { accountId, userId, changed: Object.keys(set), ...set } }],
        })
      : { audit: [], events: [] };

    if (rename !== undefined) {
      managedIdentity ??= await assertManaged();
      const { identity, accountIds } = managedIdentity;
      await deps.identities.renameUser({
        identity,
        fullName: rename,
        accountIds,
        member: { accountId, expectedVersion: member.version, set, asRead: member },
        now,
        audit: [
          ...accountIds.map((id) =>
            auditEntry({
              accountId: id,
              action: "user.renamed",
              access,
              target: { type: "user", id: userId },
              meta: caller.meta,
              now,
            }),
          ),
          ...membershipRecords.audit,
        ],
        events: [
          // The identity is global: its event belongs to no one account.
          outboxItem({
            type: "ProfileUpdated",
            now,
            actor: { type: "user", userId: caller.auth.userId },
            data: { userId, changed: ["fullName"], fullName: rename },
          }),
          ...membershipRecords.events,
        ],
      });
    } else if (membershipChanged) {
      await explainConflict(
        deps.members.updateMember({
          accountId,
          userId,
          set,
          expectedVersion: member.version,
          asRead: member,
          now,
          ...membershipRecords,
        }),
        memberConflict,
      );
    } else {
      return memberResponse(deps, access.account, member);
    }
    const updated: Member = {
      ...member,
      ...set,
      ...(rename !== undefined ? { fullName: rename } : {}),
      version: member.version + 1,
      updatedAt: now.toISOString(),
    };
    return memberResponse(deps, access.account, updated);
  });
};
