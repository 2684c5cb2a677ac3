// Owner: privacy — the privacy service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** A user's pointer to each of their privacy requests: their own list. */
export const privacyRequestRefEntity = defineEntity({
  model: { entity: "privacyRequestRef", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    requestId: { type: "string", required: true, readOnly: true },
    kind: { type: ["export", "erasure", "restriction"] as const, required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "PRIVACY#REQUEST#${requestId}", ["requestId"]),
  },
});

export type PrivacyRequestRefItem = EntityItem<ReturnType<typeof privacyRequestRefEntity>>;
