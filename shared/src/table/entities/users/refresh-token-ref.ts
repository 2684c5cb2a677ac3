// Owner: users — the users service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** Finds a session by its refresh token's hash (refresh and logout carry only the token). */
export const refreshTokenRefEntity = defineEntity({
  model: { entity: "refreshTokenRef", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    tokenHash: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    sessionId: { type: "string", required: true, readOnly: true },
    expiresAt: { type: "number", required: true, readOnly: true },
  },
  indexes: {
    byHash: primary("REFRESH#${tokenHash}", ["tokenHash"], "REFRESH", []),
  },
});

export type RefreshTokenRefItem = EntityItem<ReturnType<typeof refreshTokenRefEntity>>;
