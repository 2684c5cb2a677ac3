// Owner: accounts — the accounts service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { tableDefinition } from "../../definition.ts";
import { byUser, defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";
import { MEMBER_ROLES } from "./member-roles.ts";

/** An index over one account's members (partition `ACCOUNT#<id>`), sorted by the given key. */
const accountMembersBy = <const Composite extends readonly string[]>(
  index: { indexName: string; partitionKey: string; sortKey: string },
  sortKey: { composite: Composite; template: string },
) =>
  ({
    index: index.indexName,
    pk: { field: index.partitionKey, composite: ["accountId"], template: "ACCOUNT#${accountId}", casing: "none" },
    sk: { field: index.sortKey, ...sortKey, casing: "none" },
  }) as const;

export const membershipEntity = defineEntity({
  model: { entity: "membership", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    accountId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    role: { type: MEMBER_ROLES, required: true },
    status: { type: ["active", "disabled"] as const, required: true, default: "active" },
    rightsOverrides: { type: "any" },
    /** Copies of the member's identity, kept current from ProfileUpdated, so lists need no second read. */
    fullName: { type: "string", required: true },
    email: { type: "string" },
    login: { type: "string" },
    /** Copy of the member's published avatar key, kept current from ProfileUpdated. */
    avatarKey: { type: "string" },
    /** Lower-cased name, email and login: what `?q=` matches. */
    searchText: { type: "string", required: true },
    addedBy: { type: "string", required: true, readOnly: true },
    /** How the person who added this member reached the account; `host` = through a managing partner. */
    addedVia: { type: ["member", "parent", "subaccount-grant", "host"] as const, readOnly: true },
    version: { type: "number", required: true, default: 1 },
    /**
     * Counts the writes of this member's grants (resource access, sub-account grants): a removal
     * deletes the membership only if it is unchanged since the removal read the grants, so no grant
     * outlives its member. Absent until the first grant write.
     */
    grantsVersion: { type: "number" },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byAccount: primary("ACCOUNT#${accountId}", ["accountId"], "MEMBER#${userId}", ["userId"]),
    byUser: byUser("MEMBER#${accountId}", ["accountId"]),
    // Role and status are key parts below: a write that changes one must name the other (`composite`).
    membersByRole: accountMembersBy(tableDefinition.indexes.membersByRole, {
      composite: ["role", "status", "userId"],
      template: "ROLE#${role}#STATUS#${status}#MEMBER#${userId}",
    }),
    membersByStatus: accountMembersBy(tableDefinition.indexes.membersByStatus, {
      composite: ["status", "userId"],
      template: "STATUS#${status}#MEMBER#${userId}",
    }),
  },
});

export type MembershipItem = EntityItem<ReturnType<typeof membershipEntity>>;

/** What `?q=` on the member list matches: name, email and login, lower-cased (the `searchText` attribute). */
export const memberSearchText = (identity: { fullName: string; email?: string; login?: string }) =>
  [identity.fullName, identity.email, identity.login].filter(Boolean).join(" ").toLowerCase();
