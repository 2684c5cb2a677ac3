// Owner: accounts — the accounts service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";
import { MEMBER_ROLES } from "./member-roles.ts";

export const invitationEntity = defineEntity({
  model: { entity: "invitation", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    accountId: { type: "string", required: true, readOnly: true },
    invitationId: { type: "string", required: true, readOnly: true },
    email: { type: "string", required: true, readOnly: true },
    /** `owner` only for the owner of a managed account a partner created. */
    role: { type: MEMBER_ROLES, required: true, readOnly: true },
    fullName: { type: "string", readOnly: true },
    rightsOverrides: { type: "any", readOnly: true },
    /** `[{resourceId, level}]` granted on acceptance. */
    resources: { type: "any", readOnly: true },
    subaccountIds: { type: "list", items: { type: "string" }, readOnly: true },
    status: { type: ["pending", "accepted", "revoked"] as const, required: true },
    /** Hash of the one link that works now; regenerating replaces it. */
    tokenHash: { type: "string", required: true },
    expiresAt: { type: "number", required: true },
    invitedBy: { type: "string", required: true, readOnly: true },
    /** How the inviter reached the account; the membership made on acceptance inherits it. */
    addedVia: { type: ["member", "parent", "subaccount-grant", "host"] as const, readOnly: true },
    acceptedBy: { type: "string" },
    version: { type: "number", required: true, default: 1 },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byAccount: primary("ACCOUNT#${accountId}", ["accountId"], "INVITATION#${invitationId}", ["invitationId"]),
  },
});

export type InvitationItem = EntityItem<ReturnType<typeof invitationEntity>>;
