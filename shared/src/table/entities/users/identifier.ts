// Owner: users — the users service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

export const identifierEntity = defineEntity({
  model: { entity: "identifier", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    kind: { type: ["email", "login"] as const, required: true, readOnly: true },
    value: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true },
    cognitoUsername: { type: "string", required: true },
  },
  indexes: {
    byValue: primary("IDENTIFIER#${kind}#${value}", ["kind", "value"], "IDENTIFIER", []),
  },
});

export type IdentifierItem = EntityItem<ReturnType<typeof identifierEntity>>;
