import { outboxItem } from "../../../../shared/src/events/outbox.ts";
import { etagOf } from "../../../../shared/src/http/etag.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import { type Member, WriteConflict } from "../adapters/table-accounts-store.ts";
import { type Access, shapeOf } from "../domain/access.ts";
import { auditEntry } from "../domain/audit.ts";
import { type Right, type RightsOverrides, type Role, rightApplies, roleApplies, roleRank } from "../domain/rights.ts";
import type { AccountsDependencies, Caller } from "./dependencies.ts";
import { assertIdentityManaged } from "./identity-management.ts";
import { authorize } from "./resolve-access.ts";
import { memberView } from "./views.ts";

const ownerProtected = () =>
  problem.conflict(
    "owner_protected",
    "The owner cannot be removed, disabled, demoted or restricted; transfer ownership first.",
  );

const memberNotFound = () => problem.notFound("No such member in this account.");

const loadMember = async (deps: AccountsDependencies, accountId: string, userId: string) => {
  const member = await deps.store.getMember(accountId, userId);
  if (!member) throw memberNotFound();
  return member;
};

const conflictToProblem = (error: unknown): never => {
  if (error instanceof WriteConflict) {
    if (error.reason === "owner") throw ownerProtected();
    if (error.reason === "missing") throw memberNotFound();
    throw problem.preconditionFailed();
  }
  throw error;
};

/** Roles that act for the account must be reachable by email (password resets, security notices). */
export const assertRoleNeedsNoMissingEmail = (role: Role, email: string | undefined) => {
  if ((role === "owner" || role === "admin" || role === "operator") && !email) {
    throw problem.unprocessable("email_required", "Owners, admins and operators must have an email address.");
  }
};

/**
 * Nobody grants a role they do not hold: admins make admins only while the account allows it
 * (`adminsCanGrantAdmin`), partners acting as host never do, and `operator` exists in partner accounts only.
 */
export const assertMayGrantRole = (access: Access, role: Role) => {
  if (role === "owner") {
    throw problem.unprocessable("owner_transfer_required", "Ownership moves only by owner transfer.");
  }
  if (!roleApplies(role, shapeOf(access.account))) {
    throw problem.unprocessable("role_not_available", `The ${role} role exists only in partner accounts.`);
  }
  const callerRole = access.role;
  if (role === "admin") {
    const allowed = callerRole === "owner" || (callerRole === "admin" && access.account.adminsCanGrantAdmin);
    if (!allowed) throw problem.forbidden("cannot_grant_role", "You cannot make other members admins in this account.");
    return;
  }
  if (callerRole === "host-admin" || callerRole === "host-viewer") return;
  if (roleRank(callerRole) < roleRank(role)) {
    throw problem.forbidden("cannot_grant_role", `You cannot grant the ${role} role.`);
  }
};

export const listMembers = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  query: { role?: Role; status?: "active" | "disabled"; q?: string; limit: number; cursor?: string },
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "members.read");
  const page = await deps.store.listMembers(accountId, query);
  return {
    items: page.items.map((m) => memberView(m, access.account, deps.config.AVATAR_PUBLIC_BASE_URL)),
    nextCursor: page.nextCursor,
  };
};

export const getMember = async (deps: AccountsDependencies, caller: Caller, accountId: string, userId: string) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "members.read");
  const member = await loadMember(deps, accountId, userId);
  return { view: memberView(member, access.account, deps.config.AVATAR_PUBLIC_BASE_URL), etag: etagOf(member.version) };
};

export interface MemberChanges {
  role?: Role;
  status?: "active" | "disabled";
  fullName?: string;
}

/** Role and status act on the membership; a full name is the user's identity, allowed only where the caller manages it. */
export const updateMember = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  userId: string,
  changes: MemberChanges,
  expectedVersion: number | undefined,
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "members.manage");
  const member = await loadMember(deps, accountId, userId);
  if (expectedVersion !== undefined && expectedVersion !== member.version) throw problem.preconditionFailed();
  const now = deps.now();

  if (changes.fullName !== undefined && changes.fullName !== member.fullName) {
    const { identity, accountIds } = await assertIdentityManaged(deps, access, userId);
    await deps.identities.renameUser({
      identity,
      fullName: changes.fullName,
      accountIds,
      now,
      audit: accountIds.map((id) =>
        auditEntry({
          accountId: id,
          action: "user.renamed",
          access,
          target: { type: "user", id: userId },
          meta: caller.meta,
          now,
        }),
      ),
      events: [
        outboxItem({
          type: "ProfileUpdated",
          now,
          actor: { type: "user", userId: caller.auth.userId },
          data: { userId, changed: ["fullName"], fullName: changes.fullName },
        }),
      ],
    });
    member.fullName = changes.fullName;
    member.version += 1;
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
    try {
      await deps.store.updateMember({
        accountId,
        userId,
        set,
        expectedVersion: member.version,
        now,
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
            actor: { type: "user", userId: caller.auth.userId },
            data: { accountId, userId, changed: Object.keys(set), ...set },
          }),
        ],
      });
    } catch (error) {
      conflictToProblem(error);
    }
    Object.assign(member, set);
    member.version += 1;
  }
  return {
    view: memberView({ ...member, updatedAt: now.toISOString() }, access.account, deps.config.AVATAR_PUBLIC_BASE_URL),
    etag: etagOf(member.version),
  };
};

/**
 * Removes a member from the account. With `deleteUser`, an admin who manages the user's whole
 * identity also has the user deleted: the privacy service erases them everywhere (no grace).
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
  if (deleteUser) await assertIdentityManaged(deps, access, userId);
  const now = deps.now();
  const actor = { type: "user" as const, userId: caller.auth.userId };
  try {
    await deps.store.removeMember({
      accountId,
      userId,
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
};

/**
 * Switches individual rights on or off (`null` returns to the role default). Overrides merge into
 * what was read, so the write is conditional on that version: a concurrent change makes it 412,
 * never a lost update.
 */
export const setMemberRights = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  userId: string,
  changes: Partial<Record<Right, boolean | null>>,
  expectedVersion: number | undefined,
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "members.manage");
  const member = await loadMember(deps, accountId, userId);
  if (member.role === "owner") throw ownerProtected();
  if (expectedVersion !== undefined && expectedVersion !== member.version) throw problem.preconditionFailed();
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
    await deps.store.updateMember({
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
  return {
    view: memberView(updated, access.account, deps.config.AVATAR_PUBLIC_BASE_URL),
    etag: etagOf(updated.version),
  };
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
  if (target.role !== "admin" || target.status !== "active") {
    throw problem.unprocessable("owner_transfer_target", "Ownership can only go to an active admin of this account.");
  }
  assertRoleNeedsNoMissingEmail("owner", target.email);
  const now = deps.now();
  try {
    await deps.store.transferOwnership({
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
