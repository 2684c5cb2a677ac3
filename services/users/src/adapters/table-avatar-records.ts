import { conditionHeld, writeOrExplain } from "../../../../shared/src/table/conditional-write.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import { commit } from "../../../../shared/src/table/transactions.ts";
import { type AvatarRecords, AvatarStateChanged } from "../ports/avatar-records.ts";

/** The avatar fields on the user's profile item (the single table, shared entities). */
export const tableAvatarRecords = (table: TableService): AvatarRecords => {
  const { user } = table.entities;
  return {
    async startUpload(userId, pending, now) {
      // patch: only an existing profile (a token outliving an erased user gets no upload).
      await writeOrExplain(
        user.patch({ userId }).set({ pendingAvatar: pending, updatedAt: now.toISOString() }).go({ response: "none" }),
        () => new AvatarStateChanged(),
      );
    },

    async claimUpload({ userId, pendingKey, claimId, now, staleBefore }) {
      await writeOrExplain(
        user
          .patch({ userId })
          .data((attr, op) => {
            op.set(attr.pendingAvatar.claimId, claimId);
            op.set(attr.pendingAvatar.claimedAt, now.toISOString());
          })
          .where(
            (attr, op) =>
              `${op.eq(attr.pendingAvatar.key, pendingKey)} AND (${op.notExists(attr.pendingAvatar.claimedAt)} OR ${op.lt(attr.pendingAvatar.claimedAt, staleBefore.toISOString())})`,
          )
          .go({ response: "none" }),
        () => new AvatarStateChanged(),
      );
    },

    async releaseClaim(userId, pendingKey, claimId) {
      await conditionHeld(
        user
          .patch({ userId })
          .data((attr, op) => {
            op.remove(attr.pendingAvatar.claimId);
            op.remove(attr.pendingAvatar.claimedAt);
          })
          .where(
            (attr, op) =>
              `${op.eq(attr.pendingAvatar.key, pendingKey)} AND ${op.eq(attr.pendingAvatar.claimId, claimId)}`,
          )
          .go({ response: "none" }),
      );
    },

    async publish({ userId, pendingKey, claimId, avatarKey, event, now }) {
      await commit(
        table.transaction.write(({ user, outboxEvent }) => [
          user
            .patch({ userId })
            .set({ avatarKey, updatedAt: now.toISOString() })
            .remove(["pendingAvatar"])
            .where(
              (attr, op) =>
                `${op.eq(attr.pendingAvatar.key, pendingKey)} AND ${op.eq(attr.pendingAvatar.claimId, claimId)}`,
            )
            .commit(),
          outboxEvent.create(event).commit(),
        ]),
        (cancelled) => (cancelled.failedCondition(0) ? new AvatarStateChanged() : undefined),
      );
    },

    async abandonUpload(userId, pendingKey, now) {
      // Another upload (or confirm) took its place meanwhile: nothing of this one to forget.
      await conditionHeld(
        user
          .patch({ userId })
          .set({ updatedAt: now.toISOString() })
          .remove(["pendingAvatar"])
          .where((attr, op) => op.eq(attr.pendingAvatar.key, pendingKey))
          .go({ response: "none" }),
      );
    },

    async remove({ userId, avatarKey, event, now }) {
      await commit(
        table.transaction.write(({ user, outboxEvent }) => [
          user
            .patch({ userId })
            .set({ updatedAt: now.toISOString() })
            .remove(["avatarKey"])
            .where((attr, op) => op.eq(attr.avatarKey, avatarKey))
            .commit(),
          outboxEvent.create(event).commit(),
        ]),
        (cancelled) => (cancelled.failedCondition(0) ? new AvatarStateChanged() : undefined),
      );
    },
  };
};
