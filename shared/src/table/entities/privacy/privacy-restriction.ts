// Owner: privacy — the privacy service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

export const privacyRestrictionEntity = defineEntity({
  model: { entity: "privacyRestriction", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    scope: { type: ["marketing", "processing"] as const, required: true, readOnly: true },
    requestId: { type: "string", required: true },
    since: { type: "string", required: true },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "PRIVACY#RESTRICTION#${scope}", ["scope"]),
  },
});

export type PrivacyRestrictionItem = EntityItem<ReturnType<typeof privacyRestrictionEntity>>;
