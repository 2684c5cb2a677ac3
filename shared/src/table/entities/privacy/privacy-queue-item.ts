// Owner: privacy — the privacy service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** The privacy job's work queue, ordered by due time; the item goes when its work is done. */
export const privacyQueueItemEntity = defineEntity({
  model: { entity: "privacyQueueItem", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    dueAt: { type: "string", required: true, readOnly: true },
    taskId: { type: "string", required: true, readOnly: true },
    kind: { type: ["export", "erasure", "policy-notice"] as const, required: true, readOnly: true },
    policyId: { type: "string", readOnly: true },
    version: { type: "number", readOnly: true },
  },
  indexes: {
    byDue: primary("PRIVACY#QUEUE", [], "DUE#${dueAt}#${taskId}", ["dueAt", "taskId"]),
  },
});

export type PrivacyQueueItemItem = EntityItem<ReturnType<typeof privacyQueueItemEntity>>;
