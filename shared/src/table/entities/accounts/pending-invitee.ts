// Owner: accounts — the accounts service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/** One pending invitation per email and account: the item exists while it is pending. */
export const pendingInviteeEntity = defineEntity({
  model: { entity: "pendingInvitee", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    accountId: { type: "string", required: true, readOnly: true },
    email: { type: "string", required: true, readOnly: true },
    invitationId: { type: "string", required: true },
  },
  indexes: {
    byEmail: primary("ACCOUNT#${accountId}", ["accountId"], "INVITEE#${email}", ["email"]),
  },
});

export type PendingInviteeItem = EntityItem<ReturnType<typeof pendingInviteeEntity>>;
