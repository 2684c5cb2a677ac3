// Owner: privacy — the privacy service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** Conditional-write guards: one export per window, one erasure in flight. */
export const privacyGuardEntity = defineEntity({
  model: { entity: "privacyGuard", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    purpose: { type: ["export-window", "erasure"] as const, required: true, readOnly: true },
    requestId: { type: "string", required: true },
    /** Epoch ms the guard stops holding (export window). */
    until: { type: "number" },
    expiresAt: { type: "number" },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "PRIVACY#GUARD#${purpose}", ["purpose"]),
  },
});

export type PrivacyGuardItem = EntityItem<ReturnType<typeof privacyGuardEntity>>;
