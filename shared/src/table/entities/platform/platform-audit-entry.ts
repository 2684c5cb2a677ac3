// Owner: platform — no one service: cross-cutting machinery every service (or shared code) writes.
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** What platform admins (provider support) did; ids only, like the account audit. */
export const platformAuditEntryEntity = defineEntity({
  model: { entity: "platformAuditEntry", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    entryId: { type: "string", required: true, readOnly: true },
    action: { type: "string", required: true, readOnly: true },
    actorUserId: { type: "string", required: true, readOnly: true },
    targetType: { type: "string", required: true, readOnly: true },
    targetId: { type: "string", required: true, readOnly: true },
    changes: { type: "any", readOnly: true },
    ip: { type: "string", readOnly: true },
    userAgent: { type: "string", readOnly: true },
    requestId: { type: "string", readOnly: true },
    at: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    all: primary("PLATFORM#AUDIT", [], "AUDIT#${entryId}", ["entryId"]),
  },
});

export type PlatformAuditEntryItem = EntityItem<ReturnType<typeof platformAuditEntryEntity>>;
