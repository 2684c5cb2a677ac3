import { isConditionFailure } from "../../../../shared/src/table/conditional-write.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import { commit, TransactionCancelled } from "../../../../shared/src/table/transactions.ts";
import type { SessionRecord, SessionStore } from "../ports/session-store.ts";
import { securityActivityItem } from "./table-security-activity.ts";

/** Sessions under the user's partition (SESSION#<ulid>), found by refresh token through REFRESH#<hash>. */
export const tableSessionStore = (table: TableService): SessionStore => {
  const { userSession, refreshTokenRef } = table.entities;
  return {
    async start(session, { activity, lockoutSubject }) {
      await commit(
        table.transaction.write(({ userSession, refreshTokenRef, securityActivity, signInLockout }) => [
          userSession.create(session).commit(),
          refreshTokenRef
            .create({
              tokenHash: session.refreshTokenHash,
              userId: session.userId,
              sessionId: session.sessionId,
              expiresAt: session.expiresAt,
            })
            .commit(),
          ...activity.map((entry) => securityActivity.create(securityActivityItem(entry)).commit()),
          ...(lockoutSubject ? [signInLockout.delete({ subject: lockoutSubject }).commit()] : []),
        ]),
      );
    },
    async list(userId) {
      const { data } = await userSession.query.byUser({ userId }).go({ pages: "all" });
      return data as SessionRecord[];
    },
    async findByRefreshTokenHash(hash) {
      const { data } = await refreshTokenRef.get({ tokenHash: hash }).go({ consistent: true });
      return data ? { userId: data.userId, sessionId: data.sessionId } : undefined;
    },
    async touch(userId, sessionId, at) {
      try {
        await userSession.patch({ userId, sessionId }).set({ lastUsedAt: at.toISOString() }).go({ response: "none" });
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async end(userId, sessionId, activity) {
      const { data } = await userSession.delete({ userId, sessionId }).go({ response: "all_old" });
      if (!data) return undefined;
      if (activity) {
        await commit(
          table.transaction.write(({ refreshTokenRef, securityActivity }) => [
            refreshTokenRef.delete({ tokenHash: data.refreshTokenHash }).commit(),
            securityActivity.create(securityActivityItem(activity)).commit(),
          ]),
        );
      } else {
        await refreshTokenRef.delete({ tokenHash: data.refreshTokenHash }).go({ response: "none" });
      }
      return data as SessionRecord;
    },
    async endFound({ userId, sessionId, refreshTokenHash }, activity) {
      // Ended meanwhile (by another sign-out or a revocation): the condition cancels every write.
      return commit(
        table.transaction.write(({ userSession, refreshTokenRef, securityActivity }) => [
          userSession
            .delete({ userId, sessionId })
            .where((attr, op) => op.exists(attr.sessionId))
            .commit(),
          refreshTokenRef.delete({ tokenHash: refreshTokenHash }).commit(),
          securityActivity.create(securityActivityItem(activity)).commit(),
        ]),
      ).then(
        () => true,
        (error: unknown) => {
          if (error instanceof TransactionCancelled && error.failedCondition(0)) return false;
          throw error;
        },
      );
    },
  };
};
