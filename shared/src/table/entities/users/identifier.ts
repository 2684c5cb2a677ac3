// Owner: users — the users service writes it (exceptions: ../cross-service-writes.ts).
import { Entity, type EntityItem } from "electrodb";
import { ELECTRODB_SERVICE, primary } from "../single-table.ts";

export const identifierEntity = new Entity({
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

export type IdentifierItem = EntityItem<typeof identifierEntity>;
