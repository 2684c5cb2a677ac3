import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { batchGetMixed, createBatchLoader } from "../../shared/src/table/batch-get.ts";

/** An entity keyed by `id`, parsing an item into its `name`. */
const entity = {
  get: (key: never) => ({ params: () => ({ Key: { pk: `ITEM#${(key as { id: string }).id}`, sk: "ITEM" } }) }),
  parse: (response: { Item: Record<string, unknown> }) => ({ data: { name: response.Item.name } }),
};

/** A client answering every BatchGetItem from `items`, keeping the requests it was sent. */
const fakeClient = (items: Array<Record<string, unknown>>) => {
  const sent: Array<Record<string, unknown>> = [];
  const client = {
    async send(command: { input: { RequestItems: Record<string, { Keys: Array<Record<string, unknown>> }> } }) {
      sent.push(command.input as never);
      const keys = command.input.RequestItems.table?.Keys ?? [];
      return { Responses: { table: items.filter((item) => keys.some((k) => k.pk === item.pk && k.sk === item.sk)) } };
    },
  };
  return { client: client as unknown as DynamoDBDocumentClient, sent };
};

describe("batchGetMixed", () => {
  const stored = [{ pk: "ITEM#a", sk: "ITEM", name: "A" }];

  it("reads eventually consistent unless asked, and answers in request order", async () => {
    const { client, sent } = fakeClient(stored);
    const found = await batchGetMixed(client, "table", [
      { entity, key: { id: "missing" } },
      { entity, key: { id: "a" } },
    ]);
    expect(found).toEqual([undefined, { name: "A" }]);
    expect(sent[0]).toEqual({ RequestItems: { table: { Keys: expect.any(Array) } } });
  });

  it("reads every key strongly consistent when one must be fresh", async () => {
    const { client, sent } = fakeClient(stored);
    await batchGetMixed(client, "table", [{ entity, key: { id: "a" } }], { consistent: true });
    expect(sent[0]).toMatchObject({ RequestItems: { table: { ConsistentRead: true } } });
  });
});

describe("createBatchLoader().query", () => {
  /** An entity owning the items whose `kind` is `kind`, queried under `prefix` of `USER#<userId>`. */
  const queried = (kind: string, prefix: string) => ({
    parse: (response: { Items: Array<Record<string, unknown>> }, options: { ignoreOwnership: boolean }) => ({
      data: response.Items.filter((item) => options.ignoreOwnership || item.kind === kind).map((item) => item.sk),
    }),
    byUser: (userId: string) => ({
      params: () => ({
        KeyConditionExpression: "#pk = :pk and begins_with(#sk1, :sk1)",
        TableName: "table",
        ExpressionAttributeNames: { "#pk": "pk", "#sk1": "sk" },
        ExpressionAttributeValues: { ":pk": `USER#${userId}`, ":sk1": prefix },
      }),
      go: async () => ({ data: [] as string[] }),
    }),
  });
  const restriction = queried("restriction", "PRIVACY#RESTRICTION#");
  const requestRef = queried("ref", "PRIVACY#REQUEST#");
  const activity = queried("activity", "ACTIVITY#");

  /** A client answering Queries from `items` a page of `pageSize` at a time, keeping what it was sent. */
  const partitionClient = (items: Array<Record<string, unknown>>, pageSize = 100) => {
    const sent: Array<Record<string, any>> = [];
    const client = {
      async send({ input }: { input: Record<string, any> }) {
        sent.push(input);
        const values = input.ExpressionAttributeValues;
        const matching = items
          .filter((item) => item.pk === values[":pk"] && String(item.sk).startsWith(values[":prefix"] ?? ""))
          .sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
        const from = input.ExclusiveStartKey ? matching.findIndex((i) => i.sk === input.ExclusiveStartKey.sk) + 1 : 0;
        const page = matching.slice(from, from + pageSize);
        const last = page.at(-1);
        return { Items: page, ...(from + pageSize < matching.length && last ? { LastEvaluatedKey: last } : {}) };
      },
    };
    return { client: client as unknown as DynamoDBDocumentClient, sent };
  };

  const partition = [
    { pk: "USER#u1", sk: "ACTIVITY#01", kind: "activity" },
    { pk: "USER#u1", sk: "ACTIVITY#02", kind: "activity" },
    { pk: "USER#u1", sk: "PRIVACY#GUARD#export-window", kind: "guard" },
    { pk: "USER#u1", sk: "PRIVACY#REQUEST#r1", kind: "ref" },
    { pk: "USER#u1", sk: "PRIVACY#RESTRICTION#marketing", kind: "restriction" },
    { pk: "USER#u2", sk: "PRIVACY#REQUEST#r2", kind: "ref" },
  ];

  it("folds a wave's queries of one partition into one Query under their common prefix", async () => {
    const { client, sent } = partitionClient(partition);
    const loader = createBatchLoader(client, "table");
    const [refs, restrictions] = await Promise.all([
      loader.query(requestRef, requestRef.byUser("u1")),
      loader.query(restriction, restriction.byUser("u1")),
    ]);
    expect(refs).toEqual(["PRIVACY#REQUEST#r1"]);
    expect(restrictions).toEqual(["PRIVACY#RESTRICTION#marketing"]);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.ExpressionAttributeValues).toEqual({ ":pk": "USER#u1", ":prefix": "PRIVACY#RE" });
  });

  it("reads the whole partition when the prefixes share nothing, and hands each only its entity's items", async () => {
    const { client, sent } = partitionClient(partition, 2);
    const loader = createBatchLoader(client, "table");
    const [newestFirst, refs, otherUser] = await Promise.all([
      loader.query(activity, activity.byUser("u1"), { order: "desc" }),
      loader.query(requestRef, requestRef.byUser("u1")),
      loader.query(requestRef, requestRef.byUser("u2")),
    ]);
    expect(newestFirst).toEqual(["ACTIVITY#02", "ACTIVITY#01"]);
    expect(refs).toEqual(["PRIVACY#REQUEST#r1"]);
    expect(otherUser).toEqual(["PRIVACY#REQUEST#r2"]);
    // u1's five items in pages of two, u2's one: a Query per partition and page, never one per question.
    const u1 = sent.filter((input) => input.ExpressionAttributeValues[":pk"] === "USER#u1");
    expect(u1).toHaveLength(3);
    expect(u1[0]?.KeyConditionExpression).toBe("#pk = :pk");
    expect(sent).toHaveLength(4);
  });

  it("fails every question of a partition whose Query fails, and refuses queries it cannot fold", async () => {
    const failing = {
      async send() {
        throw new Error("throttled");
      },
    } as unknown as DynamoDBDocumentClient;
    const loader = createBatchLoader(failing, "table");
    const asked = [
      loader.query(requestRef, requestRef.byUser("u1")),
      loader.query(restriction, restriction.byUser("u1")),
    ];
    for (const result of asked) await expect(result).rejects.toThrow("throttled");
    const filtered = {
      params: () => ({ ...requestRef.byUser("u1").params(), FilterExpression: "#a = :a" }),
      go: async () => ({ data: [] }),
    };
    expect(() => loader.query(requestRef, filtered)).toThrow(/Only a partition/);
  });
});
