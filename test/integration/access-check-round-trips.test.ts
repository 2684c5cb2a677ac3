import { beforeAll, describe, expect, inject, it } from "vitest";
import { tableAccessFacts } from "../../services/accounts/src/adapters/dynamodb/access-facts.ts";
import { tableAccountStore } from "../../services/accounts/src/adapters/dynamodb/account-store.ts";
import { tableMemberStore } from "../../services/accounts/src/adapters/dynamodb/member-store.ts";
import { tableResourceStore } from "../../services/accounts/src/adapters/dynamodb/resource-store.ts";
import { type AccessQuestion, checkAccess } from "../../services/accounts/src/use-cases/access/check-access.ts";
import {
  type DynamoDbUsage,
  measureDynamoDbUsage,
  onDynamoDbUsage,
} from "../../shared/src/observability/dynamodb-usage.ts";
import { api, inviteNewMember, type JoinedMember, registerVerifiedUser, type TestUser } from "../harness/api.ts";
import { testTable } from "./privacy-fixtures.ts";

/**
 * The access check's DynamoDB budget (SPEC 4 and 6.8), counted on the real store against
 * DynamoDB Local: one round trip for a direct member (resource grant included), at most two
 * through a parent, and a batch in BatchGetItem calls of up to 100 keys rather than a call per check.
 */
describe("access check round trips", () => {
  const { client, table } = testTable();
  const { tableName } = inject("resources");
  const access = tableAccessFacts(table, client, tableName, {
    accounts: tableAccountStore(table, client, tableName),
    members: tableMemberStore(table, client, tableName),
    resources: tableResourceStore(table, client, tableName),
  });
  let owner: TestUser;
  let standard: JoinedMember;
  let subaccountId: string;
  let resourceId: string;

  beforeAll(async () => {
    owner = await registerVerifiedUser();
    standard = await inviteNewMember(owner.accessToken, owner.accountId, "standard");
    const sub = await api("POST", `/v1/accounts/${owner.accountId}/subaccounts`, {
      token: owner.accessToken,
      body: { name: "Branch", externalId: `rt-${owner.userId.slice(0, 8)}` },
    });
    subaccountId = sub.body.accountId;
    const resource = await api("POST", `/v1/accounts/${owner.accountId}/resources`, {
      token: owner.accessToken,
      body: { type: "pixel", name: "Landing pixel" },
    });
    resourceId = resource.body.resourceId;
  });

  const tripsOf = async (questions: AccessQuestion[]) => {
    const usage: DynamoDbUsage[] = [];
    const stop = onDynamoDbUsage((label, u) => {
      if (label === "access-check-test") usage.push(u);
    });
    try {
      const answers = await measureDynamoDbUsage("access-check-test", () => checkAccess({ access }, questions));
      return { answers, trips: usage[0]?.roundTrips ?? -1, operations: usage[0]?.operations ?? [] };
    } finally {
      stop();
    }
  };

  it("answers a direct member in one round trip, with or without a resource", async () => {
    const plain = await tripsOf([{ userId: owner.userId, accountId: owner.accountId, right: "billing.read" }]);
    expect(plain.answers[0]?.allowed).toBe(true);
    expect(plain.operations).toEqual(["BatchGetItem"]);
    const withResource = await tripsOf([
      { userId: standard.userId, accountId: owner.accountId, resourceId, level: "view" },
    ]);
    expect(withResource.answers[0]?.via).toBe("member");
    expect(withResource.operations).toEqual(["BatchGetItem"]);
  });

  it("answers through a parent, or a stranger, in at most two", async () => {
    const viaParent = await tripsOf([{ userId: owner.userId, accountId: subaccountId, resourceId }]);
    expect(viaParent.answers[0]?.via).toBe("parent");
    expect(viaParent.trips).toBe(2);
    const stranger = await tripsOf([{ userId: standard.userId, accountId: subaccountId }]);
    expect(stranger.answers[0]?.allowed).toBe(false);
    expect(stranger.trips).toBeLessThanOrEqual(2);
    const unknownAccount = await tripsOf([{ userId: owner.userId, accountId: "01JNOSUCHACCOUNT0000000000" }]);
    expect(unknownAccount.trips).toBe(1);
  });

  it("answers a batch with one BatchGetItem per 100 keys a resolver step, not a call per check", async () => {
    // 50 direct questions about the same account: 1 account + 2 memberships, read once each.
    const sameAccount = Array.from({ length: 50 }, (_, i) => ({
      userId: i % 2 ? owner.userId : standard.userId,
      accountId: owner.accountId,
    }));
    const small = await tripsOf(sameAccount);
    expect(small.answers.every((a) => a.via === "member")).toBe(true);
    expect(small.operations).toEqual(["BatchGetItem"]);

    // 100 questions with resources, each a different (missing) resource: 1 + 2 + 100 + 100 keys,
    // three calls of at most 100 keys, in one wave.
    const manyResources = Array.from({ length: 100 }, (_, i) => ({
      userId: i % 2 ? owner.userId : standard.userId,
      accountId: owner.accountId,
      resourceId: `01JRESOURCE${String(i).padStart(15, "0")}`,
    }));
    const big = await tripsOf(manyResources);
    expect(big.answers).toHaveLength(100);
    expect(big.answers.every((a) => a.resourceLevel === "none" && a.allowed === false)).toBe(true);
    expect(big.operations).toEqual(["BatchGetItem", "BatchGetItem", "BatchGetItem"]);

    // Mixed: sub-account questions need a second wave (parent facts), shared by all of them.
    const mixed = await tripsOf([
      ...sameAccount.slice(0, 10),
      ...Array.from({ length: 10 }, () => ({ userId: owner.userId, accountId: subaccountId })),
    ]);
    expect(mixed.answers.slice(10).every((a) => a.via === "parent")).toBe(true);
    expect(mixed.operations).toEqual(["BatchGetItem", "BatchGetItem"]);
  });
});
