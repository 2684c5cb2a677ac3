import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { tableMemberStore } from "../../services/accounts/src/adapters/dynamodb/member-store.ts";
import { tableResourceStore } from "../../services/accounts/src/adapters/dynamodb/resource-store.ts";
import { memberSearchText } from "../../shared/src/table/entities/accounts/membership.ts";
import { testTable } from "./privacy-fixtures.ts";

/**
 * No grant outlives its member: a removal racing grant writes to the same member either fails (the
 * member stays) or leaves no resource or sub-account grant of theirs, whatever the interleaving.
 */
describe("member removal racing grant writes", () => {
  const { client, table } = testTable();
  const members = tableMemberStore(table, client, inject("resources").tableName);
  const resources = tableResourceStore(table, client, inject("resources").tableName);
  const { membership, resource, resourceAccess, subaccountGrant } = table.entities;
  const at = "2026-01-01T00:00:00.000Z";
  const WRITERS = 20;

  const seedAccount = async (withEarlierGrant: boolean) => {
    const accountId = `01REMOVALRACE${randomUUID().slice(0, 8).toUpperCase()}`;
    const userId = "U-RACED";
    await membership
      .put({
        accountId,
        userId,
        role: "standard",
        status: "active",
        fullName: "Raced Member",
        searchText: memberSearchText({ fullName: "Raced Member" }),
        addedBy: "U-SEEDER",
        version: 1,
        createdAt: at,
        updatedAt: at,
      })
      .go();
    const resourceIds = Array.from({ length: WRITERS }, (_, i) => `R${String(i).padStart(3, "0")}`);
    await resource
      .put(
        resourceIds.map((resourceId) => ({
          accountId,
          resourceId,
          type: "project" as const,
          name: resourceId,
          createdBy: "U-SEEDER",
          createdAt: at,
          updatedAt: at,
        })),
      )
      .go();
    // One grant through the store before the race, so the counter is present as well as absent across runs.
    if (withEarlierGrant) await grant(accountId, userId, "R000");
    return { accountId, userId, resourceIds };
  };

  const grant = (accountId: string, userId: string, resourceId: string) =>
    resources.setResourceAccess({
      accountId,
      resourceId,
      userId,
      level: "view",
      grantedBy: "U-SEEDER",
      now: new Date(),
      audit: [],
      events: [],
    });

  const grantsLeft = async (accountId: string, userId: string) => {
    const [access, subaccounts] = await Promise.all([
      resourceAccess.query.byMember({ accountId, userId }).go({ pages: "all", consistent: true }),
      subaccountGrant.query.byMember({ parentAccountId: accountId, userId }).go({ pages: "all", consistent: true }),
    ]);
    return access.data.length + subaccounts.data.length;
  };

  it.each(Array.from({ length: 6 }, (_, run) => [run]))(
    "leaves the member, or none of their grants (run %i)",
    async (run) => {
      const { accountId, userId, resourceIds } = await seedAccount(run % 2 === 1);
      const results = await Promise.allSettled([
        members.removeMember({ accountId, userId, now: new Date(), audit: [], events: [] }),
        ...resourceIds.map((resourceId) => grant(accountId, userId, resourceId)),
      ]);
      const removed = results[0]?.status === "fulfilled";
      const stillMember = (await membership.get({ accountId, userId }).go({ consistent: true })).data !== null;
      expect(stillMember).toBe(!removed);
      if (!stillMember) expect(await grantsLeft(accountId, userId)).toBe(0);
    },
    30_000,
  );
});
