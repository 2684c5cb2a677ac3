// Owner: platform — no one service: cross-cutting machinery every service (or shared code) writes.
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

export const outboxEventEntity = defineEntity({
  model: { entity: "outboxEvent", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    eventId: { type: "string", required: true, readOnly: true },
    source: { type: "string", required: true, readOnly: true },
    detailType: { type: "string", required: true, readOnly: true },
    /** The bus event's `detail`, serialised: what the stream relay publishes verbatim. */
    detail: { type: "string", required: true, readOnly: true },
    expiresAt: { type: "number", required: true, readOnly: true },
  },
  indexes: {
    byId: primary("OUTBOX#${eventId}", ["eventId"], "EVENT", []),
  },
});

export type OutboxEventItem = EntityItem<ReturnType<typeof outboxEventEntity>>;
