// Owner: notify — the notify service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** Notify's copy of a user's restrictions: who gets no marketing. */
export const notifyRestrictionEntity = defineEntity({
  model: { entity: "notifyRestriction", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    scope: { type: ["marketing", "processing"] as const, required: true, readOnly: true },
    since: { type: "string", required: true },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "NOTIFY#RESTRICTION#${scope}", ["scope"]),
  },
});

export type NotifyRestrictionItem = EntityItem<ReturnType<typeof notifyRestrictionEntity>>;
