// Owner: users — the users service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/**
 * A user's TOTP authenticator (SPEC 6.1). The secret is sealed with KMS: the service needs it to
 * verify step-up codes itself. `lastUsedStep` is the replay guard: a code is accepted only for a
 * later time step, by a conditional write.
 */
export const totpFactorEntity = defineEntity({
  model: { entity: "totpFactor", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    sealedSecret: { type: "string", required: true },
    status: { type: ["pending", "enabled"] as const, required: true },
    lastUsedStep: { type: "number" },
    enabledAt: { type: "string" },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "MFA#TOTP", []),
  },
});

export type TotpFactorItem = EntityItem<ReturnType<typeof totpFactorEntity>>;
