// Owner: users — the users service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** What the Cognito custom-auth challenge is answered with after a provider vouched for the user: single use. */
export const providerSignInProofEntity = defineEntity({
  model: { entity: "providerSignInProof", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    proofHash: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    expiresAt: { type: "number", required: true, readOnly: true },
  },
  indexes: {
    byHash: primary("PROOF#${proofHash}", ["proofHash"], "PROOF", []),
  },
});

export type ProviderSignInProofItem = EntityItem<ReturnType<typeof providerSignInProofEntity>>;
