// Owner: users — the users service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** One sign-in (SPEC 6.1 sessions). ULID ids sort oldest first: the one ended beyond the limit. */
export const userSessionEntity = defineEntity({
  model: { entity: "userSession", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    sessionId: { type: "string", required: true, readOnly: true },
    /** Cognito's `origin_jti`: every access token of this sign-in (and its refreshes) carries it. */
    originJti: { type: "string", required: true, readOnly: true },
    /** The refresh token, sealed with KMS: ending the session revokes it at Cognito. */
    sealedRefreshToken: { type: "string", required: true, readOnly: true },
    refreshTokenHash: { type: "string", required: true, readOnly: true },
    ip: { type: "string", required: true, readOnly: true },
    userAgent: { type: "string", required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
    lastUsedAt: { type: "string", required: true },
    /** Epoch seconds: when the refresh token expires, the session is over anyway. */
    expiresAt: { type: "number", required: true, readOnly: true },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "SESSION#${sessionId}", ["sessionId"]),
  },
});

export type UserSessionItem = EntityItem<ReturnType<typeof userSessionEntity>>;
