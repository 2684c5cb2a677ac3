import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { CLAIMED_MINIMUM_ROUND_TRIPS } from "../../bench/route-round-trips.ts";
import { memberSearchReadBound } from "../../services/accounts/src/adapters/dynamodb/member-list.ts";
import { tableMemberStore } from "../../services/accounts/src/adapters/dynamodb/member-store.ts";
import type { Member } from "../../services/accounts/src/domain/member.ts";
import { WriteConflict } from "../../services/accounts/src/domain/write-conflict.ts";
import type { MemberFilter } from "../../services/accounts/src/ports/member-store.ts";
import type { Caller } from "../../services/accounts/src/use-cases/dependencies.ts";
import { createManagedUser } from "../../services/accounts/src/use-cases/managed-identities/create-managed-user.ts";
import { getMember } from "../../services/accounts/src/use-cases/members/get-member.ts";
import { updateMember } from "../../services/accounts/src/use-cases/members/update-member.ts";
import {
  type DynamoDbUsage,
  measureDynamoDbUsage,
  onDynamoDbUsage,
} from "../../shared/src/observability/dynamodb-usage.ts";
import { memberSearchText } from "../../shared/src/table/entities/accounts/membership.ts";
import { registerVerifiedUser, STRONG_PASSWORD, type TestUser } from "../harness/api.ts";
import { accountsOnTable, callerOf, measured as measuredUseCase } from "./accounts-round-trip-fixtures.ts";
import { testTable } from "./privacy-fixtures.ts";

/**
 * The member list's and the member removal's DynamoDB budget, counted on the real store against
 * DynamoDB Local: a role or status filter is one Query of a full page; `?q=` reads at most
 * `memberSearchReadBound(limit)` items in at most two Queries; a removal is a GetItem (the
 * membership's grants counter, read before the grants so a grant written meanwhile is either read or
 * fails the removal), two Queries (the grants) and one transaction, plus one per 99 grants beyond
 * what that transaction holds. A counter the caller read with its access check saves the GetItem.
 */
describe("member round trips", () => {
  const { client, table } = testTable();
  const members = tableMemberStore(table, client, inject("resources").tableName);
  const { membership, resourceAccess, subaccountGrant } = table.entities;
  const itemsRead: number[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const scanned = (result.output as { ScannedCount?: number }).ScannedCount;
      if (typeof scanned === "number") itemsRead.push(scanned);
      return result;
    },
    { step: "initialize", name: "countItemsRead" },
  );

  const measured = async <T>(work: () => Promise<T>) => {
    const usage: DynamoDbUsage[] = [];
    itemsRead.length = 0;
    const stop = onDynamoDbUsage((label, u) => {
      if (label === "member-round-trips-test") usage.push(u);
    });
    try {
      const result = await measureDynamoDbUsage("member-round-trips-test", work);
      return { result, operations: usage[0]?.operations ?? [], read: itemsRead.reduce((a, b) => a + b, 0) };
    } finally {
      stop();
    }
  };

  const accountId = `01ROUNDTRIPS${randomUUID().slice(0, 8).toUpperCase()}`;
  const roles = ["standard", "viewer", "operator"] as const;
  /** 300 members: roles in turn, every fifth disabled, every eighth's name holding "needle". */
  const seeded = Array.from({ length: 300 }, (_, i) => {
    const fullName = i % 8 === 3 ? `Needle Person ${i}` : `Person ${i}`;
    const email = `person-${i}@example.test`;
    return {
      accountId,
      userId: `U${String(i).padStart(4, "0")}`,
      role: roles[i % 3] ?? "standard",
      status: i % 5 === 0 ? ("disabled" as const) : ("active" as const),
      fullName,
      email,
      searchText: memberSearchText({ fullName, email }),
      addedBy: "U-SEEDER",
      version: 1,
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
    };
  });

  beforeAll(async () => {
    await membership.put(seeded).go();
  });

  /** Every page of a list, each with what reading it cost. */
  const allPages = async (filter: Omit<MemberFilter, "cursor">) => {
    const pages: Array<{ items: Member[]; full: boolean; operations: string[]; read: number }> = [];
    let cursor: string | undefined;
    do {
      const { result, operations, read } = await measured(() =>
        members.listMembers(accountId, { ...filter, ...(cursor ? { cursor } : {}) }),
      );
      pages.push({ items: result.items, full: result.items.length === filter.limit, operations, read });
      cursor = result.nextCursor ?? undefined;
    } while (cursor);
    return pages;
  };

  const userIds = (pages: Array<{ items: Member[] }>) => pages.flatMap((page) => page.items.map((m) => m.userId));
  const expectedIds = (keep: (member: (typeof seeded)[number]) => boolean) =>
    seeded.filter(keep).map((member) => member.userId);

  it("lists by role, by status, and by both in one Query per full page", async () => {
    const cases: Array<[Omit<MemberFilter, "cursor" | "limit">, (m: (typeof seeded)[number]) => boolean]> = [
      [{ role: "viewer" }, (m) => m.role === "viewer"],
      [{ status: "disabled" }, (m) => m.status === "disabled"],
      [{ role: "operator", status: "active" }, (m) => m.role === "operator" && m.status === "active"],
    ];
    for (const [filter, keep] of cases) {
      const pages = await allPages({ ...filter, limit: 25 });
      expect(userIds(pages).sort()).toEqual(expectedIds(keep).sort());
      for (const page of pages) expect(page.operations).toEqual(["Query"]);
      // Every page is full but the last (which may be full too, then followed by an empty one).
      expect(pages.slice(0, -1).every((page) => page.full)).toBe(true);
    }
  });

  it("searches sparse matches in full pages, reading at most the bound per request", async () => {
    const limit = 10;
    const pages = await allPages({ q: "needle", limit });
    expect(userIds(pages)).toEqual(expectedIds((m) => m.fullName.startsWith("Needle")));
    expect(pages.slice(0, -1).every((page) => page.full)).toBe(true);
    for (const page of pages) {
      expect(page.read).toBeLessThanOrEqual(memberSearchReadBound(limit));
      expect(page.operations.every((operation) => operation === "Query")).toBe(true);
      expect(page.operations.length).toBeLessThanOrEqual(2);
    }
    // A first request of `limit` items holds one or two matches here: every full page took two.
    expect(pages.filter((page) => page.full).every((page) => page.operations.length === 2)).toBe(true);
    const withRole = await allPages({ q: "needle", role: "viewer", limit });
    expect(userIds(withRole).sort()).toEqual(
      expectedIds((m) => m.fullName.startsWith("Needle") && m.role === "viewer").sort(),
    );
  });

  it("stops at the bound when matches are sparser, with a cursor to read on", async () => {
    const first = await measured(() => members.listMembers(accountId, { q: "person 29", limit: 1 }));
    // The first match is the 30th member; a limit of 1 reads at most 10 items: an empty page and a cursor.
    expect(first.read).toBeLessThanOrEqual(memberSearchReadBound(1));
    expect(first.operations).toEqual(["Query", "Query"]);
    expect(first.result.items).toEqual([]);
    expect(first.result.nextCursor).not.toBeNull();
  });

  const seedGrants = async (userId: string, resources: number, subaccounts: number) => {
    if (resources > 0) {
      await resourceAccess
        .put(
          Array.from({ length: resources }, (_, i) => ({
            accountId,
            userId,
            resourceId: `R${String(i).padStart(4, "0")}`,
            level: "view" as const,
            grantedBy: "U-SEEDER",
            updatedAt: "2026-01-01T00:00:00.000Z",
          })),
        )
        .go();
    }
    if (subaccounts > 0) {
      await subaccountGrant
        .put(
          Array.from({ length: subaccounts }, (_, i) => ({
            parentAccountId: accountId,
            userId,
            subaccountId: `S${String(i).padStart(4, "0")}`,
            grantedBy: "U-SEEDER",
            createdAt: "2026-01-01T00:00:00.000Z",
          })),
        )
        .go();
    }
  };

  const grantsLeft = async (userId: string) => {
    const resources = await resourceAccess.query.byMember({ accountId, userId }).go({ pages: "all" });
    const subaccounts = await subaccountGrant.query
      .byMember({ parentAccountId: accountId, userId })
      .go({ pages: "all" });
    return resources.data.length + subaccounts.data.length;
  };

  const removal = (userId: string) => ({ accountId, userId, now: new Date(), audit: [], events: [] });

  it("removes a member and every grant in one transaction", async () => {
    const userId = "U0001";
    await seedGrants(userId, 3, 2);
    const { operations } = await measured(() => members.removeMember(removal(userId)));
    expect(operations).toEqual(["GetItem", "Query", "Query", "TransactWriteItems"]);
    expect(await grantsLeft(userId)).toBe(0);
    expect(await members.getMember(accountId, userId)).toBeUndefined();
  });

  it("deletes grants beyond one transaction's room first, the membership last", async () => {
    const userId = "U0002";
    await seedGrants(userId, 120, 30);
    const { operations } = await measured(() => members.removeMember(removal(userId)));
    // 150 grants: 99 beside a membership check, then the membership and the other 51.
    expect(operations).toEqual(["GetItem", "Query", "Query", "TransactWriteItems", "TransactWriteItems"]);
    expect(await grantsLeft(userId)).toBe(0);
    expect(await members.getMember(accountId, userId)).toBeUndefined();
  });

  const countedNow = async (userId: string) => ({
    grantsVersion: (await membership.get({ accountId, userId }).go({ consistent: true })).data?.grantsVersion,
  });

  it("takes the counter read with the access check: the grants, then one transaction", async () => {
    const userId = "U0005";
    await seedGrants(userId, 3, 1);
    const counted = await countedNow(userId);
    const { operations } = await measured(() => members.removeMember({ ...removal(userId), counted }));
    expect(operations).toEqual(["Query", "Query", "TransactWriteItems"]);
    expect(await grantsLeft(userId)).toBe(0);
    expect(await members.getMember(accountId, userId)).toBeUndefined();
  });

  it("reads the counter itself when a grant was counted after the caller read it", async () => {
    const userId = "U0006";
    await seedGrants(userId, 2, 0);
    const counted = await countedNow(userId);
    // A grant written after the caller's read: counted on the membership, so the first attempt fails.
    await membership.patch({ accountId, userId }).add({ grantsVersion: 1 }).go();
    await seedGrants(userId, 3, 0);
    const { operations } = await measured(() => members.removeMember({ ...removal(userId), counted }));
    // The refused transaction is explained (is the member gone, or the owner?), then the counter read again.
    expect(operations).toEqual([
      "Query",
      "Query",
      "TransactWriteItems",
      "GetItem",
      "GetItem",
      "Query",
      "Query",
      "TransactWriteItems",
    ]);
    expect(await grantsLeft(userId)).toBe(0);
    expect(await members.getMember(accountId, userId)).toBeUndefined();
  });

  it("touches no grant of an owner, however many", async () => {
    const userId = "U0004";
    await membership.patch({ accountId, userId }).set({ role: "owner", status: "active" }).go();
    await seedGrants(userId, 120, 0);
    await expect(members.removeMember(removal(userId))).rejects.toEqual(new WriteConflict("owner"));
    expect(await grantsLeft(userId)).toBe(120);
  });

  /**
   * getMember and updateMember through their use cases on the real adapters: an owner's view reads
   * no grants; a viewer's reads grants and resources (a named path of the claim); an identity change
   * reads the profile with the access check, then the user's memberships (SPEC 3), then one transaction.
   */
  describe("member routes' paths", () => {
    const deps = accountsOnTable();
    let owner: TestUser;
    let caller: Caller;
    const pathClaim = (operationId: "getMember" | "updateMember", path: string) =>
      CLAIMED_MINIMUM_ROUND_TRIPS[operationId].paths?.[path]?.minimum;

    beforeAll(async () => {
      owner = await registerVerifiedUser({ fullName: "Mia Membertrips" });
      caller = callerOf(owner.userId);
    });

    const managedMember = async (role: "standard" | "viewer") =>
      (
        await createManagedUser(deps, caller, owner.accountId, {
          login: `rt-member-${randomUUID().slice(0, 8)}`,
          password: STRONG_PASSWORD,
          fullName: "Managed Member",
          role,
        })
      ).userId;

    it("reads an owner's membership in two: the access check with member and profile, the account's resources", async () => {
      const { value, operations } = await measuredUseCase(() => getMember(deps, caller, owner.accountId, owner.userId));
      expect(value?.view.role).toBe("owner");
      expect(operations).toEqual(["BatchGetItem", "Query"]);
      expect(operations).toHaveLength(CLAIMED_MINIMUM_ROUND_TRIPS.getMember.minimum);
    });

    it("reads a viewer in three: the account's resources and the viewer's grants", async () => {
      const viewer = await managedMember("viewer");
      const { value, operations } = await measuredUseCase(() => getMember(deps, caller, owner.accountId, viewer));
      expect(value?.view.role).toBe("viewer");
      expect(operations).toEqual(["BatchGetItem", "Query", "Query"]);
      expect(operations).toHaveLength(pathClaim("getMember", "viewer") ?? 0);
    });

    it("renames a member or limits their sessions in three: profile with the access check, memberships, one transaction", async () => {
      const userId = await managedMember("standard");
      const renamed = await measuredUseCase(() =>
        updateMember(deps, caller, owner.accountId, userId, { fullName: "Renamed Member" }, undefined),
      );
      expect(renamed.error).toBeUndefined();
      expect(renamed.value?.view.fullName).toBe("Renamed Member");
      expect(renamed.operations).toEqual(["BatchGetItem", "Query", "TransactWriteItems"]);
      expect(renamed.operations).toHaveLength(pathClaim("updateMember", "identity change") ?? 0);
      expect((await deps.identities.getProfile(userId))?.fullName).toBe("Renamed Member");

      const limited = await measuredUseCase(() =>
        updateMember(deps, caller, owner.accountId, userId, { maxSessions: 1 }, undefined),
      );
      expect(limited.error).toBeUndefined();
      expect(limited.operations).toEqual(["BatchGetItem", "Query", "TransactWriteItems"]);
      expect(limited.operations).toHaveLength(pathClaim("updateMember", "identity change") ?? 0);

      // A role change alone touches no identity: the common path.
      const demoted = await measuredUseCase(() =>
        updateMember(deps, caller, owner.accountId, userId, { role: "viewer" }, undefined),
      );
      expect(demoted.operations).toEqual(["BatchGetItem", "TransactWriteItems"]);
      expect(demoted.operations).toHaveLength(CLAIMED_MINIMUM_ROUND_TRIPS.updateMember.minimum);
    });
  });
});
