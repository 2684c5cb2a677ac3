import { defined } from "../../../../shared/src/table/defined.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import { commit, firstConditionHeld } from "../../../../shared/src/table/transactions.ts";
import type { Broadcast, BroadcastStore, LocalizedText } from "../ports/broadcast-store.ts";

/** Long past any retry of a batch (the bus gives up on an event within a day). */
const CLAIM_RETENTION_SECONDS = 7 * 24 * 3600;

/** Broadcasts, their per-recipient claims and progress counters (keys in shared/src/table/entities.ts). */
export const tableBroadcastStore = (table: TableService): BroadcastStore => {
  const { broadcast } = table.entities;

  return {
    async create({ broadcast: value, audit, firstBatch }) {
      await commit(
        table.transaction.write(({ broadcast, platformAuditEntry, outboxEvent }) => [
          broadcast.create(defined(value)).commit(),
          platformAuditEntry.create(defined(audit)).commit(),
          outboxEvent.create(firstBatch).commit(),
        ]),
      );
    },

    async get(broadcastId) {
      const { data } = await broadcast.get({ broadcastId }).go();
      if (!data) return undefined;
      return {
        ...data,
        subject: data.subject as LocalizedText,
        body: data.body as LocalizedText,
      } as Broadcast;
    },

    async claim(broadcastId, userId, now) {
      return firstConditionHeld(
        table.transaction.write(({ broadcast, broadcastDelivery }) => [
          broadcastDelivery
            .create({
              broadcastId,
              userId,
              status: "claimed",
              at: now.toISOString(),
              expiresAt: Math.floor(now.getTime() / 1000) + CLAIM_RETENTION_SECONDS,
            })
            .commit(),
          broadcast.patch({ broadcastId }).add({ recipients: 1 }).commit(),
        ]),
      );
    },

    async markSent(broadcastId, userId, channels, now) {
      await firstConditionHeld(
        table.transaction.write(({ broadcast, broadcastDelivery }) => [
          broadcastDelivery
            .patch({ broadcastId, userId })
            .set({ status: "sent", channels, at: now.toISOString() })
            .where((attr, op) => op.eq(attr.status, "claimed"))
            .commit(),
          broadcast.patch({ broadcastId }).add({ sent: 1 }).commit(),
        ]),
      );
    },

    async release(broadcastId, userId) {
      await firstConditionHeld(
        table.transaction.write(({ broadcast, broadcastDelivery }) => [
          broadcastDelivery
            .delete({ broadcastId, userId })
            .where((attr, op) => op.eq(attr.status, "claimed"))
            .commit(),
          broadcast.patch({ broadcastId }).subtract({ recipients: 1 }).commit(),
        ]),
      );
    },

    async advance(broadcastId, batch, next, now) {
      await firstConditionHeld(
        table.transaction.write(({ broadcast, outboxEvent }) => [
          broadcast
            .patch({ broadcastId })
            .set(
              next
                ? { status: "sending", nextBatch: batch + 1 }
                : { status: "completed", nextBatch: batch + 1, completedAt: now.toISOString() },
            )
            .where((attr, op) => op.eq(attr.nextBatch, batch))
            .commit(),
          ...(next ? [outboxEvent.create(next).commit()] : []),
        ]),
      );
    },
  };
};
