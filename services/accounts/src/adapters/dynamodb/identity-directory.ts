import { StaleVersion } from "../../../../../shared/src/table/conditional-write.ts";
import { memberSearchText, type TableService } from "../../../../../shared/src/table/entities.ts";
import { commit } from "../../../../../shared/src/table/transactions.ts";
import { WriteConflict } from "../../domain/write-conflict.ts";
import type { IdentityDirectory } from "../../ports/identity-directory.ts";
import { identitySummary } from "./items.ts";
import { roleAndStatusOf } from "./membership-key-parts.ts";
import { auditAndEvents } from "./transaction-writes.ts";

/**
 * The identity writes an account admin may make (SPEC section 3, cross-tenant safety): creating a
 * managed user, editing the profile of a user whose every account they administer, issuing a reset
 * link. The identity items are the users service's shape; they are written here in the same
 * transaction as the membership so the two can never disagree.
 */
export const tableIdentityDirectory = (table: TableService): IdentityDirectory => {
  const { user, identifier } = table.entities;
  return {
    async findUserIdByEmail(email) {
      const { data } = await identifier.get({ kind: "email", value: email }).go();
      return data?.userId;
    },

    async getProfile(userId) {
      const { data } = await user.get({ userId }).go();
      return identitySummary(data ?? undefined);
    },

    /** Login record, profile, membership, audit and events at once; a taken login is `WriteConflict("exists")`. */
    async createManagedUser(input) {
      const { profile, member } = input;
      await commit(
        table.transaction.write((tx) => [
          tx.identifier
            .create({
              kind: "login",
              value: profile.login,
              userId: profile.userId,
              cognitoUsername: profile.cognitoUsername,
            })
            .commit(),
          tx.user
            .create({
              ...profile,
              emailVerified: false,
              updatedAt: profile.createdAt,
            })
            .commit(),
          tx.membership.create({ ...member, searchText: memberSearchText(member) }).commit(),
          ...auditAndEvents(tx, input),
        ]),
        (cancelled) => (cancelled.failedCondition(0) ? new WriteConflict("exists") : undefined),
      );
    },

    /**
     * The profile and every membership copy of the name change together, with any role or status
     * change of the membership the request addressed (naming both: they are one index key). That
     * membership's version (as read) is the transaction's condition, so a request that lost a race
     * writes nothing: no rename, no audit entry, no event.
     */
    async renameUser(input) {
      const at = input.now.toISOString();
      const { userId } = input.identity;
      const searchText = memberSearchText({ ...input.identity, fullName: input.fullName });
      await commit(
        table.transaction.write((tx) => [
          tx.membership
            .patch({ accountId: input.member.accountId, userId })
            .set({
              ...roleAndStatusOf(input.member.set, input.member.asRead),
              fullName: input.fullName,
              searchText,
              updatedAt: at,
            })
            .add({ version: 1 })
            .where(
              (attr, op) => `${op.ne(attr.role, "owner")} AND ${op.eq(attr.version, input.member.expectedVersion)}`,
            )
            .commit(),
          tx.user.patch({ userId }).set({ fullName: input.fullName, updatedAt: at }).commit(),
          ...input.accountIds
            .filter((accountId) => accountId !== input.member.accountId)
            .map((accountId) =>
              tx.membership
                .patch({ accountId, userId })
                .set({ fullName: input.fullName, searchText, updatedAt: at })
                .add({ version: 1 })
                .commit(),
            ),
          ...auditAndEvents(tx, input),
        ]),
        // The addressed membership moved on (or went): the caller reads it again and decides.
        (cancelled) => (cancelled.failedCondition(0) ? new StaleVersion() : undefined),
      );
    },

    /** The session limit of a user whose identity the admin manages (null removes it), with its audit entries. */
    async setMaxSessions(input) {
      const at = input.now.toISOString();
      await commit(
        table.transaction.write((tx) => [
          input.maxSessions === null
            ? tx.user.patch({ userId: input.userId }).remove(["maxSessions"]).set({ updatedAt: at }).commit()
            : tx.user.patch({ userId: input.userId }).set({ maxSessions: input.maxSessions, updatedAt: at }).commit(),
          ...auditAndEvents(tx, { audit: input.audit, events: [] }),
        ]),
      );
    },

    async issueResetToken(input) {
      await commit(
        table.transaction.write((tx) => [
          tx.linkToken
            .create({
              tokenHash: input.tokenHash,
              purpose: "password-reset",
              userId: input.userId,
              expiresAt: input.expiresAt,
            })
            .commit(),
          ...auditAndEvents(tx, input),
        ]),
      );
    },
  };
};
