import { isConditionFailure } from "../table/conditional-write.ts";
import type { TableService } from "../table/entities.ts";
import type { ConsumedEventLedger } from "./consumer.ts";

const LEASE_MS = 5 * 60 * 1000;
const RETENTION_SECONDS = 7 * 24 * 60 * 60;

/** The ledger as table items: a conditional put claims, so concurrent deliveries cannot both run. */
export const tableConsumedEventLedger = (
  table: TableService,
  now: () => Date = () => new Date(),
): ConsumedEventLedger => {
  const { consumedEvent } = table.entities;
  return {
    async claim(consumer, eventId) {
      const at = now().getTime();
      try {
        await consumedEvent
          .put({
            consumer,
            eventId,
            status: "in_progress",
            leaseUntil: at + LEASE_MS,
            expiresAt: Math.floor(at / 1000) + RETENTION_SECONDS,
          })
          .where(
            (attr, op) =>
              `${op.notExists(attr.status)} OR (${op.eq(attr.status, "in_progress")} AND ${op.lt(attr.leaseUntil, at)})`,
          )
          .go({ response: "none" });
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async complete(consumer, eventId) {
      await consumedEvent.patch({ consumer, eventId }).set({ status: "done" }).go({ response: "none" });
    },
    async release(consumer, eventId) {
      await consumedEvent.delete({ consumer, eventId }).go({ response: "none" });
    },
  };
};
