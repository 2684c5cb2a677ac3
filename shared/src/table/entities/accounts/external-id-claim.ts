// Owner: accounts — the accounts service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** Holds an external id for one sub-account of a parent: its existence is the uniqueness rule. */
export const externalIdClaimEntity = defineEntity({
  model: { entity: "externalIdClaim", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    parentAccountId: { type: "string", required: true, readOnly: true },
    externalId: { type: "string", required: true, readOnly: true },
    childAccountId: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    byExternalId: primary("ACCOUNT#${parentAccountId}", ["parentAccountId"], "EXTERNALID#${externalId}", [
      "externalId",
    ]),
  },
});

export type ExternalIdClaimItem = EntityItem<ReturnType<typeof externalIdClaimEntity>>;
