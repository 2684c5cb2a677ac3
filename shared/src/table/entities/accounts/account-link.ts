// Owner: accounts — the accounts service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** A parent's (sub-account) or partner's (managed account) pointer to a child account, for listing them. */
export const accountLinkEntity = defineEntity({
  model: { entity: "accountLink", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    parentAccountId: { type: "string", required: true, readOnly: true },
    relation: { type: ["sub", "managed"] as const, required: true, readOnly: true },
    childAccountId: { type: "string", required: true, readOnly: true },
    /** Copy of the child's name (kept current on rename) so a list page needs one read. */
    name: { type: "string", required: true },
    externalId: { type: "string", readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    byParent: primary("ACCOUNT#${parentAccountId}", ["parentAccountId"], "CHILD#${relation}#${childAccountId}", [
      "relation",
      "childAccountId",
    ]),
  },
});

export type AccountLinkItem = EntityItem<ReturnType<typeof accountLinkEntity>>;
