// Owner: platform — no one service: cross-cutting machinery every service (or shared code) writes.
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

export const consumedEventEntity = defineEntity({
  model: { entity: "consumedEvent", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    consumer: { type: "string", required: true, readOnly: true },
    eventId: { type: "string", required: true, readOnly: true },
    status: { type: ["in_progress", "done"] as const, required: true },
    /** Epoch ms until which an in-progress claim blocks other deliveries of the same event. */
    leaseUntil: { type: "number", required: true },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    byId: primary("CONSUMED#${consumer}#${eventId}", ["consumer", "eventId"], "CONSUMED", []),
  },
});

export type ConsumedEventItem = EntityItem<ReturnType<typeof consumedEventEntity>>;
