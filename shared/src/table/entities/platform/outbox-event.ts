// Owner: platform — no one service: cross-cutting machinery every service (or shared code) writes.
import { Entity, type EntityItem } from "electrodb";
import { ELECTRODB_SERVICE, primary } from "../single-table.ts";

export const outboxEventEntity = new Entity({
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

export type OutboxEventItem = EntityItem<typeof outboxEventEntity>;
