// Owner: users — the users service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** A security event of a user (`GET /v1/me/activity`), append-only; ULID ids sort by time. */
export const securityActivityEntity = defineEntity({
  model: { entity: "securityActivity", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    activityId: { type: "string", required: true, readOnly: true },
    type: { type: "string", required: true, readOnly: true },
    at: { type: "string", required: true, readOnly: true },
    ip: { type: "string", required: true, readOnly: true },
    userAgent: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "ACTIVITY#${activityId}", ["activityId"]),
  },
});

export type SecurityActivityItem = EntityItem<ReturnType<typeof securityActivityEntity>>;
