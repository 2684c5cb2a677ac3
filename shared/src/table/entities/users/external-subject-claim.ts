// Owner: users — the users service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** Who a provider's subject belongs to: written with a condition, so a subject is linked to one user only. */
export const externalSubjectClaimEntity = defineEntity({
  model: { entity: "externalSubjectClaim", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    provider: { type: "string", required: true, readOnly: true },
    subject: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    bySubject: primary("EXTERNAL#${provider}#${subject}", ["provider", "subject"], "CLAIM", []),
  },
});

export type ExternalSubjectClaimItem = EntityItem<ReturnType<typeof externalSubjectClaimEntity>>;
