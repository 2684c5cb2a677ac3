// Owner: users — the users service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** A started OpenID Connect authorization, found by its `state`'s hash and consumed once by the callback. */
export const openIdAttemptEntity = defineEntity({
  model: { entity: "openIdAttempt", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    stateHash: { type: "string", required: true, readOnly: true },
    provider: { type: "string", required: true, readOnly: true },
    purpose: { type: ["sign-in", "link"] as const, required: true, readOnly: true },
    /** The signed-in user a link attempt belongs to. */
    userId: { type: "string", readOnly: true },
    /** The PKCE verifier and the nonce, sealed with KMS. */
    sealedSecrets: { type: "string", required: true, readOnly: true },
    expiresAt: { type: "number", required: true, readOnly: true },
  },
  indexes: {
    byState: primary("OIDC#${stateHash}", ["stateHash"], "ATTEMPT", []),
  },
});

export type OpenIdAttemptItem = EntityItem<ReturnType<typeof openIdAttemptEntity>>;
