// Owner: notify — the notify service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/**
 * One broadcast to one user: created by a conditional write before sending, so nobody gets it
 * twice. It only has to outlive the retries of its batch, so TTL removes it after a week (and
 * with it the user id, which erasure cannot find here without a scan).
 */
export const broadcastDeliveryEntity = defineEntity({
  model: { entity: "broadcastDelivery", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    broadcastId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    status: { type: ["claimed", "sent"] as const, required: true },
    channels: { type: "list", items: { type: "string" } },
    at: { type: "string", required: true },
    /** Epoch seconds (the table's TTL attribute). */
    expiresAt: { type: "number", required: true, readOnly: true },
  },
  indexes: {
    byBroadcast: primary("BROADCAST#${broadcastId}", ["broadcastId"], "TO#${userId}", ["userId"]),
  },
});

export type BroadcastDeliveryItem = EntityItem<ReturnType<typeof broadcastDeliveryEntity>>;
