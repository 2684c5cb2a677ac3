// Owner: notify — the notify service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** A news broadcast by provider support and its progress. */
export const broadcastEntity = defineEntity({
  model: { entity: "broadcast", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    broadcastId: { type: "string", required: true, readOnly: true },
    category: { type: ["news"] as const, required: true, readOnly: true },
    /** `{en, ru?, pl?}` each. */
    subject: { type: "any", required: true, readOnly: true },
    body: { type: "any", required: true, readOnly: true },
    createdBy: { type: "string", required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
    status: { type: ["queued", "sending", "completed"] as const, required: true },
    /** The batch the fan-out expects next: a retried batch cannot queue its successor twice. */
    nextBatch: { type: "number", required: true },
    /** Subscribers the delivery decision let through (claimed), and of them those sent. */
    recipients: { type: "number", required: true },
    sent: { type: "number", required: true },
    completedAt: { type: "string" },
  },
  indexes: {
    byId: primary("BROADCAST#${broadcastId}", ["broadcastId"], "BROADCAST", []),
  },
});

export type BroadcastItem = EntityItem<ReturnType<typeof broadcastEntity>>;
