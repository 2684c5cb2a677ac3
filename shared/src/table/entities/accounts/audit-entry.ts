// Owner: accounts — the accounts service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

export const auditEntryEntity = defineEntity({
  model: { entity: "auditEntry", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    accountId: { type: "string", required: true, readOnly: true },
    /** ULID: sorts by time. */
    entryId: { type: "string", required: true, readOnly: true },
    action: { type: "string", required: true, readOnly: true },
    actorUserId: { type: "string", readOnly: true },
    actorType: { type: ["user", "system", "platform-admin"] as const, required: true, readOnly: true },
    actorVia: { type: "string", readOnly: true },
    /** The partner account a host acted from. */
    actorAccountId: { type: "string", readOnly: true },
    targetType: { type: "string", required: true, readOnly: true },
    targetId: { type: "string", required: true, readOnly: true },
    changes: { type: "any", readOnly: true },
    ip: { type: "string", readOnly: true },
    userAgent: { type: "string", readOnly: true },
    requestId: { type: "string", readOnly: true },
    at: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    byAccount: primary("ACCOUNT#${accountId}", ["accountId"], "AUDIT#${entryId}", ["entryId"]),
  },
});

export type AuditEntryItem = EntityItem<ReturnType<typeof auditEntryEntity>>;
