// Owner: users — the users service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** An external sign-in identity (OpenID Connect provider + subject) linked to a user, one per provider. */
export const externalIdentityEntity = defineEntity({
  model: { entity: "externalIdentity", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    provider: { type: "string", required: true, readOnly: true },
    subject: { type: "string", required: true, readOnly: true },
    email: { type: "string", readOnly: true },
    linkedAt: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "IDENTITY#${provider}", ["provider"]),
  },
});

export type ExternalIdentityItem = EntityItem<ReturnType<typeof externalIdentityEntity>>;
