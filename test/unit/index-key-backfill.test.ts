import { describe, expect, it } from "vitest";
import { parseBackfillArguments } from "../../infra/backfill-member-indexes.ts";
import {
  addCounts,
  type IndexKeyBackfill,
  missingKeysScan,
  noCounts,
  rewriteAsRead,
} from "../../shared/src/table/backfill/index-key-backfill.ts";
import { memberIndexKeys } from "../../shared/src/table/backfill/member-index-keys.ts";
import { userHoldingIndexKeys } from "../../shared/src/table/backfill/user-holding-index-keys.ts";

const legacyMember = {
  pk: "ACCOUNT#A1",
  sk: "MEMBER#U1",
  gsi1pk: "USER#U1",
  gsi1sk: "MEMBER#A1",
  __edb_e__: "membership",
  __edb_v__: "1",
  accountId: "A1",
  userId: "U1",
  role: "admin",
  status: "disabled",
  fullName: "Ada",
};

describe("member index backfill", () => {
  it("builds the index keys from the item's own account, user, role and status, as the templates say", () => {
    const update = rewriteAsRead(memberIndexKeys(), "T", legacyMember);
    expect(update.Key).toEqual({ pk: "ACCOUNT#A1", sk: "MEMBER#U1" });
    const written = Object.fromEntries(
      Object.entries(update.ExpressionAttributeNames ?? {})
        .filter(([name]) => name.startsWith("#key"))
        .map(([name, attribute]) => [attribute, update.ExpressionAttributeValues?.[`:${name.slice(1)}`]]),
    );
    expect(written).toEqual({
      gsi2pk: "ACCOUNT#A1",
      gsi2sk: "ROLE#admin#STATUS#disabled#MEMBER#U1",
      gsi3pk: "ACCOUNT#A1",
      gsi3sk: "STATUS#disabled#MEMBER#U1",
    });
  });

  it("writes only while the item is a membership with the role and status read and still lacks a key", () => {
    const update = rewriteAsRead(memberIndexKeys(), "T", legacyMember);
    expect(update.ConditionExpression).toBe(
      "#entityType = :entityType AND #part0 = :part0 AND #part1 = :part1 AND " +
        "(attribute_not_exists(#missing0) OR attribute_not_exists(#missing1) OR attribute_not_exists(#missing2) OR attribute_not_exists(#missing3))",
    );
    expect(update.ExpressionAttributeNames).toMatchObject({
      "#entityType": "__edb_e__",
      "#part0": "role",
      "#part1": "status",
      "#missing0": "gsi2pk",
      "#missing3": "gsi3sk",
    });
    expect(update.ExpressionAttributeValues).toMatchObject({
      ":entityType": "membership",
      ":part0": "admin",
      ":part1": "disabled",
    });
  });

  it("refuses to build keys for an item without a status (a key part)", () => {
    const { status: _status, ...noStatus } = legacyMember;
    expect(() => rewriteAsRead(memberIndexKeys(), "T", noStatus)).toThrow();
  });

  it("scans for memberships lacking any of the four index keys", () => {
    const scan = missingKeysScan(memberIndexKeys(), "T");
    expect(scan.FilterExpression).toBe(
      "#entityType = :entityType AND (attribute_not_exists(#missing0) OR attribute_not_exists(#missing1) OR attribute_not_exists(#missing2) OR attribute_not_exists(#missing3))",
    );
    expect(scan.ExpressionAttributeValues).toEqual({ ":entityType": "membership" });
  });

  it("adds counts name by name", () => {
    const once = addCounts(noCounts(), { scanned: 10, missingKeys: 2, rewritten: 1, skippedChanged: 1 });
    expect(addCounts(once, { scanned: 5, rewritten: 1, unfinished: 1 })).toEqual({
      scanned: 15,
      missingKeys: 2,
      rewritten: 2,
      skippedChanged: 1,
      unbuildable: 0,
      unfinished: 1,
    });
  });
});

/** The index keys an UpdateItem built by `rewriteAsRead` writes, by attribute. */
const writtenKeys = (update: ReturnType<typeof rewriteAsRead>) =>
  Object.fromEntries(
    Object.entries(update.ExpressionAttributeNames ?? {})
      .filter(([name]) => name.startsWith("#key"))
      .map(([name, attribute]) => [attribute, update.ExpressionAttributeValues?.[`:${name.slice(1)}`]]),
  );

describe("user holding index backfill", () => {
  const [grants, access] = userHoldingIndexKeys() as [IndexKeyBackfill, IndexKeyBackfill];
  const legacyGrant = {
    pk: "ACCOUNT#P1",
    sk: "SUBGRANT#U1#S1",
    __edb_e__: "subaccountGrant",
    __edb_v__: "1",
    parentAccountId: "P1",
    userId: "U1",
    subaccountId: "S1",
  };
  const legacyAccess = {
    pk: "ACCOUNT#A1",
    sk: "ACCESS#U1#R1",
    __edb_e__: "resourceAccess",
    __edb_v__: "1",
    accountId: "A1",
    userId: "U1",
    resourceId: "R1",
    level: "use",
  };

  it("builds a grant's and an access item's byUser keys from their own user, account and target, as the templates say", () => {
    const grantUpdate = rewriteAsRead(grants, "T", legacyGrant);
    expect(grantUpdate.Key).toEqual({ pk: "ACCOUNT#P1", sk: "SUBGRANT#U1#S1" });
    expect(writtenKeys(grantUpdate)).toEqual({ gsi1pk: "USER#U1", gsi1sk: "SUBGRANT#P1#S1" });
    const accessUpdate = rewriteAsRead(access, "T", legacyAccess);
    expect(accessUpdate.Key).toEqual({ pk: "ACCOUNT#A1", sk: "ACCESS#U1#R1" });
    expect(writtenKeys(accessUpdate)).toEqual({ gsi1pk: "USER#U1", gsi1sk: "ACCESS#A1#R1" });
    expect(accessUpdate.ConditionExpression).toBe(
      "#entityType = :entityType AND (attribute_not_exists(#missing0) OR attribute_not_exists(#missing1))",
    );
  });

  it("refuses to build keys for an access item without its resource (a key part)", () => {
    const { resourceId: _resourceId, ...noResource } = legacyAccess;
    expect(() => rewriteAsRead(access, "T", noResource)).toThrow();
  });

  it("finds memberships, grants and access lacking their keys with one Scan", () => {
    const scan = missingKeysScan([memberIndexKeys(), ...userHoldingIndexKeys()], "T");
    expect(scan.FilterExpression).toBe(
      "(#entityType = :entityType0 AND (attribute_not_exists(#missing0) OR attribute_not_exists(#missing1) OR attribute_not_exists(#missing2) OR attribute_not_exists(#missing3))) OR " +
        "(#entityType = :entityType1 AND (attribute_not_exists(#missing4) OR attribute_not_exists(#missing5))) OR " +
        "(#entityType = :entityType2 AND (attribute_not_exists(#missing4) OR attribute_not_exists(#missing5)))",
    );
    expect(scan.ExpressionAttributeNames).toEqual({
      "#entityType": "__edb_e__",
      "#missing0": "gsi2pk",
      "#missing1": "gsi2sk",
      "#missing2": "gsi3pk",
      "#missing3": "gsi3sk",
      "#missing4": "gsi1pk",
      "#missing5": "gsi1sk",
    });
    expect(scan.ExpressionAttributeValues).toEqual({
      ":entityType0": "membership",
      ":entityType1": "subaccountGrant",
      ":entityType2": "resourceAccess",
    });
  });
});

describe("backfill command arguments", () => {
  it("takes the table, and the region and segments when given", () => {
    expect(parseBackfillArguments(["--table", "Tenantry-dev-Table"])).toEqual({
      table: "Tenantry-dev-Table",
      segments: 4,
    });
    expect(parseBackfillArguments(["--table", "T", "--region", "eu-west-1", "--segments", "16"])).toEqual({
      table: "T",
      region: "eu-west-1",
      segments: 16,
    });
  });

  it.each([
    [[], /--table is required/],
    [["--table", "T", "--segments", "0"], /--segments/],
    [["--table", "T", "--segments", "2.5"], /--segments/],
    [["--table", "T", "--segments", "1001"], /--segments/],
    [["--table", "T", "--dry-run"], /dry-run/],
  ])("refuses %j, saying how to call it", (argv, why) => {
    expect(() => parseBackfillArguments(argv)).toThrow(why);
    expect(() => parseBackfillArguments(argv)).toThrow(/Usage: npm run backfill:member-indexes/);
  });
});
