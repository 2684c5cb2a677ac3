import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { batchGetMixed } from "../../shared/src/table/batch-get.ts";

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
