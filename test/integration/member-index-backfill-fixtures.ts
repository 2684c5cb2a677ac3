import { randomUUID } from "node:crypto";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { inject } from "vitest";
import { tableMemberStore } from "../../services/accounts/src/adapters/dynamodb/member-store.ts";
import { runIndexKeyBackfill } from "../../shared/src/table/backfill/index-key-backfill.ts";
import { memberIndexKeys } from "../../shared/src/table/backfill/member-index-keys.ts";
import { memberSearchText } from "../../shared/src/table/entities/accounts/membership.ts";
import { testTable } from "./privacy-fixtures.ts";

type Role = "admin" | "standard" | "viewer" | "operator";
type Status = "active" | "disabled";

/** The emulators' table, the member store on it, and memberships as code older than the member indexes wrote them. */
export const backfillWorld = () => {
  const { client, table } = testTable();
  const tableName = inject("resources").tableName;
  const members = tableMemberStore(table, client, tableName);
  const { membership } = table.entities;
  const at = "2026-01-01T00:00:00.000Z";

  const newAccountId = (label: string) => `01BACKFILL${label}${randomUUID().slice(0, 8).toUpperCase()}`;

  const memberItem = (accountId: string, userId: string, role: Role | "owner", status: Status) => ({
    accountId,
    userId,
    role,
    status,
    fullName: `Member ${userId}`,
    searchText: memberSearchText({ fullName: `Member ${userId}` }),
    addedBy: "U-SEEDER",
    version: 1,
    createdAt: at,
    updatedAt: at,
  });

  /** A membership as the entity writes it today, less its membersByRole and membersByStatus keys: what code older than those indexes wrote. */
  const putLegacyMember = async (
    accountId: string,
    userId: string,
    role: Role | "owner",
    status: Status = "active",
  ) => {
    const { Item } = membership.put(memberItem(accountId, userId, role, status)).params() as {
      Item: Record<string, unknown>;
    };
    for (const key of ["gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk"]) delete Item[key];
    await client.send(new PutCommand({ TableName: tableName, Item }));
  };

  const rawItem = async (pk: string, sk: string) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: { pk, sk }, ConsistentRead: true }))).Item;

  const rawMember = (accountId: string, userId: string) => rawItem(`ACCOUNT#${accountId}`, `MEMBER#${userId}`);

  /** The keys the templates in KEYS.md give a member of that role and status (spelled here, not asked of the code under test). */
  const expectedIndexKeys = (accountId: string, userId: string, role: string, status: string) => ({
    gsi2pk: `ACCOUNT#${accountId}`,
    gsi2sk: `ROLE#${role}#STATUS#${status}#MEMBER#${userId}`,
    gsi3pk: `ACCOUNT#${accountId}`,
    gsi3sk: `STATUS#${status}#MEMBER#${userId}`,
  });

  const indexKeysOf = (item: Record<string, unknown> | undefined) => ({
    gsi2pk: item?.gsi2pk,
    gsi2sk: item?.gsi2sk,
    gsi3pk: item?.gsi3pk,
    gsi3sk: item?.gsi3sk,
  });

  const backfill = (options: { through?: DynamoDBDocumentClient; segments?: number; pageSize?: number } = {}) =>
    runIndexKeyBackfill({
      client: options.through ?? client,
      tableName,
      backfill: memberIndexKeys(),
      segments: options.segments ?? 4,
      pageSize: options.pageSize ?? 250,
    });

  /** The user ids `?role=` (with `?status=` when given) and `?status=` alone list. */
  const listed = async (accountId: string, filter: { role?: Role | "owner"; status?: Status }) => {
    const page = await members.listMembers(accountId, { ...filter, limit: 100 });
    return page.items.map((m) => m.userId).sort();
  };

  /** A role or status change as the service makes it: based on the version read, retried when another change won. */
  const changeMember = async (accountId: string, userId: string, set: { role?: Role; status?: Status }) => {
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const { data } = await membership.get({ accountId, userId }).go({ consistent: true });
      if (!data) throw new Error(`member ${userId} is gone`);
      try {
        await members.updateMember({
          accountId,
          userId,
          set,
          expectedVersion: data.version,
          asRead: { role: data.role, status: data.status },
          now: new Date(),
          audit: [],
          events: [],
        });
        return;
      } catch (error) {
        if ((error as Error).name !== "StaleVersion") throw error;
      }
    }
    throw new Error(`member ${userId}: no change landed in 40 attempts`);
  };

  return {
    client,
    table,
    tableName,
    members,
    newAccountId,
    memberItem,
    putLegacyMember,
    rawItem,
    rawMember,
    expectedIndexKeys,
    indexKeysOf,
    backfill,
    listed,
    changeMember,
  };
};
