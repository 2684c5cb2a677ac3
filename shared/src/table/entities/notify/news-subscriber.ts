// Owner: notify — the notify service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/**
 * The index of users who want news on some channel, kept in the same transaction as their
 * preferences: a broadcast pages through this partition instead of scanning the table.
 */
export const newsSubscriberEntity = defineEntity({
  model: { entity: "newsSubscriber", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    since: { type: "string", required: true },
  },
  indexes: {
    all: primary("NOTIFY#NEWS#SUBSCRIBERS", [], "USER#${userId}", ["userId"]),
  },
});

export type NewsSubscriberItem = EntityItem<ReturnType<typeof newsSubscriberEntity>>;
