import { outboxItem } from "../../../../shared/src/events/outbox.ts";
import { etagOf } from "../../../../shared/src/http/etag.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import { versionedUpdate } from "../../../../shared/src/http/versioned-update.ts";
import { type AccountFacts, shapeOf, suspendedWithDelegation } from "../domain/access.ts";
import { auditEntry } from "../domain/audit.ts";
import type { Member } from "../domain/member.ts";
import { type Right, type RightsOverrides, rightApplies } from "../domain/rights.ts";
import { type Role, roleRank } from "../domain/roles.ts";
import { WriteConflict } from "../domain/write-conflict.ts";
import type { AccountsDependencies, Caller } from "./dependencies.ts";
import { assertIdentityManaged } from "./identity-management.ts";
import { authorize, governingAccount } from "./resolve-access.ts";
import { memberResources } from "./resource-access.ts";
import { assertMayGrantRole, assertRoleNeedsNoMissingEmail } from "./role-grants.ts";
import { memberView } from "./views.ts";

const ownerProtected = () =>
  problem.conflict(
    "owner_protected",
    "The owner cannot be removed, disabled, demoted or restricted; transfer ownership first.",
  );

const memberNotFound = () => problem.notFound("No such member in this account.");

const loadMember = async (deps: AccountsDependencies, accountId: string, userId: string) => {
  const member = await deps.members.getMember(accountId, userId);
  if (!member) throw memberNotFound();
  return member;
};

const conflictToProblem = (error: unknown): never => {
  if (error instanceof WriteConflict) {
    if (error.reason === "owner") throw ownerProtected();
    throw memberNotFound();
  }
  throw error;
};

export const listMembers = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  query: { role?: Role; status?: "active" | "disabled"; q?: string; limit: number; cursor?: string },
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "members.read");
  const page = await deps.members.listMembers(accountId, query);
  const governing = await governingAccount(deps, access.account, page.items);
  return {
    items: page.items.map((m) => memberView(m, access.account, deps.config.AVATAR_PUBLIC_BASE_URL, governing)),
    nextCursor: page.nextCursor,
  };
};

/** A member as a change answers with it: the view (avatar, suspension by the governing account) and its ETag. */
const memberResponse = async (deps: AccountsDependencies, account: AccountFacts, member: Member) => ({
  view: memberView(
    member,
    account,
    deps.config.AVATAR_PUBLIC_BASE_URL,
    await governingAccount(deps, account, [member]),
  ),
  etag: etagOf(member.version),
});

export const getMember = async (deps: AccountsDependencies, caller: Caller, accountId: string, userId: string) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "members.read");
  const { member, phone } = await deps.memberPhones.memberWithPhone(accountId, userId);
  if (!member) throw memberNotFound();
  const governing = await governingAccount(deps, access.account, [member]);
  return {
    view: {
      ...memberView(member, access.account, deps.config.AVATAR_PUBLIC_BASE_URL, governing),
      phone,
      resources: await memberResources(deps, member),
    },
    etag: etagOf(member.version),
  };
};

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
  const access = await authorize(deps, caller.auth.userId, accountId, "members.manage");
  let managedIdentity: Awaited<ReturnType<typeof assertIdentityManaged>> | undefined;
  let maxSessionsSet = false;
  return versionedUpdate(ifMatch, async (precondition) => {
    const member = await loadMember(deps, accountId, userId);
    precondition(member.version);
    const now = deps.now();
    const actor = { type: "user" as const, userId: caller.auth.userId };
    const rename =
      changes.fullName !== undefined && changes.fullName !== member.fullName ? changes.fullName : undefined;

    // The session limit lives on the user's identity, not on the membership's version: set it once
    // the precondition held (a 412 changes nothing), and only once across retries.
    if (changes.maxSessions !== undefined && !maxSessionsSet) {
      managedIdentity ??= await assertIdentityManaged(deps, access, userId);
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
    if (Object.keys(set).length > 0) {
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
    const membershipRecords =
      Object.keys(set).length > 0
        ? {
            audit: [
              auditEntry({
                accountId,
                action: "member.updated",
                access,
                target: { type: "member", id: userId },
                changes: set,
                meta: caller.meta,
                now,
              }),
            ],
            events: [
              outboxItem({
                type: "MemberUpdated",
                now,
                accountId,
                actor,
                data: { accountId, userId, changed: Object.keys(set), ...set },
              }),
            ],
          }
        : { audit: [], events: [] };

    if (rename !== undefined) {
      managedIdentity ??= await assertIdentityManaged(deps, access, userId);
      const { identity, accountIds } = managedIdentity;
      await deps.identities.renameUser({
        identity,
        fullName: rename,
        accountIds,
        member: { accountId, expectedVersion: member.version, set },
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
          outboxItem({
            type: "ProfileUpdated",
            now,
            actor,
            data: { userId, changed: ["fullName"], fullName: rename },
          }),
          ...membershipRecords.events,
        ],
      });
    } else if (Object.keys(set).length > 0) {
      try {
        await deps.members.updateMember({
          accountId,
          userId,
          set,
          expectedVersion: member.version,
          now,
          ...membershipRecords,
        });
      } catch (error) {
        conflictToProblem(error);
      }
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

/**
 * Removes a member from the account. With `deleteUser`, an admin who manages the user's whole
 * identity also has the user deleted: their sign-in is blocked at once (same transaction, and
 * Cognito disables them), then the privacy service erases them everywhere (no grace).
 */
export const removeMember = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  userId: string,
  deleteUser = false,
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "members.manage");
  const member = await loadMember(deps, accountId, userId);
  if (member.role === "owner") throw ownerProtected();
  if (member.role === "admin" && access.role !== "owner" && access.role !== "admin") {
    throw problem.forbidden("cannot_grant_role", "Only owners and admins remove admins.");
  }
  const managed = deleteUser ? await assertIdentityManaged(deps, access, userId) : undefined;
  const now = deps.now();
  const actor = { type: "user" as const, userId: caller.auth.userId };
  try {
    await deps.members.removeMember({
      accountId,
      userId,
      blockSignIn: deleteUser,
      now,
      audit: [
        auditEntry({
          accountId,
          action: deleteUser ? "member.removed_and_user_deleted" : "member.removed",
          access,
          target: { type: "member", id: userId },
          meta: caller.meta,
          now,
        }),
      ],
      events: [
        outboxItem({ type: "MemberRemoved", now, accountId, actor, data: { accountId, userId } }),
        ...(deleteUser
          ? [
              outboxItem({
                type: "UserDeletionRequested",
                now,
                accountId,
                actor,
                data: { userId, accountId, requestedBy: caller.auth.userId },
              }),
            ]
          : []),
      ],
    });
  } catch (error) {
    conflictToProblem(error);
  }
  // Blocked in the table already (login and refresh check it); Cognito also revokes its tokens.
  if (managed) await deps.identity.disableUser(managed.identity.cognitoUsername);
};

/**
 * Switches individual rights on or off (`null` returns to the role default). Overrides merge into
 * what was read, so the write is conditional on that version (`versionedUpdate`): never a lost update.
 */
export const setMemberRights = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  userId: string,
  changes: Partial<Record<Right, boolean | null>>,
  ifMatch: number | undefined,
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "members.manage");
  return versionedUpdate(ifMatch, async (precondition) => {
    const member = await loadMember(deps, accountId, userId);
    if (member.role === "owner") throw ownerProtected();
    precondition(member.version);
    const shape = shapeOf(access.account);
    const overrides: RightsOverrides = { ...member.rightsOverrides };
    for (const [right, value] of Object.entries(changes) as Array<[Right, boolean | null]>) {
      if (!rightApplies(right, shape)) {
        throw problem.unprocessable("right_not_applicable", `The right "${right}" does not exist in this account.`);
      }
      if (value === true && !access.rights.has(right)) {
        throw problem.forbidden("cannot_grant_right", `You cannot grant "${right}": you do not hold it.`);
      }
      if (value === null) delete overrides[right];
      else overrides[right] = value;
    }
    const now = deps.now();
    try {
      await deps.members.updateMember({
        accountId,
        userId,
        set: { rightsOverrides: overrides },
        expectedVersion: member.version,
        now,
        audit: [
          auditEntry({
            accountId,
            action: "member.rights_changed",
            access,
            target: { type: "member", id: userId },
            changes,
            meta: caller.meta,
            now,
          }),
        ],
        events: [
          outboxItem({
            type: "MemberUpdated",
            now,
            accountId,
            actor: { type: "user", userId: caller.auth.userId },
            data: { accountId, userId, changed: ["rights"] },
          }),
        ],
      });
    } catch (error) {
      conflictToProblem(error);
    }
    const updated: Member = {
      ...member,
      rightsOverrides: overrides,
      version: member.version + 1,
      updatedAt: now.toISOString(),
    };
    return memberResponse(deps, access.account, updated);
  });
};

/** Only the owner hands ownership over, to an active admin with an email; both roles swap in one transaction. */
export const transferOwnership = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  toUserId: string,
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "account.read");
  if (access.via !== "member" || access.role !== "owner") {
    throw problem.forbidden("owner_only", "Only the account's owner can transfer ownership.");
  }
  if (toUserId === caller.auth.userId) throw problem.unprocessable("already_owner", "You already own this account.");
  const target = await loadMember(deps, accountId, toUserId);
  const suspended = suspendedWithDelegation(target, await governingAccount(deps, access.account, [target]));
  if (target.role !== "admin" || target.status !== "active" || suspended) {
    throw problem.unprocessable("owner_transfer_target", "Ownership can only go to an active admin of this account.");
  }
  assertRoleNeedsNoMissingEmail("owner", target.email);
  const now = deps.now();
  try {
    await deps.members.transferOwnership({
      accountId,
      fromUserId: caller.auth.userId,
      toUserId,
      now,
      audit: [
        auditEntry({
          accountId,
          action: "account.owner_transferred",
          access,
          target: { type: "member", id: toUserId },
          changes: { from: caller.auth.userId, to: toUserId },
          meta: caller.meta,
          now,
        }),
      ],
      events: [
        outboxItem({
          type: "OwnershipTransferred",
          now,
          accountId,
          actor: { type: "user", userId: caller.auth.userId },
          data: { accountId, fromUserId: caller.auth.userId, toUserId },
        }),
      ],
    });
  } catch (error) {
    if (error instanceof WriteConflict) {
      throw problem.conflict(
        "owner_transfer_conflict",
        "Ownership or the new owner's role changed meanwhile; reload and retry.",
      );
    }
    throw error;
  }
  return { accountId, ownerUserId: toUserId };
};
