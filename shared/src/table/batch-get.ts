import { BatchGetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

interface KeyedEntity {
  get(key: never): { params(): { Key: Record<string, unknown> } };
  parse(response: { Item: Record<string, unknown> }): { data: unknown };
}

/**
 * Reads items of different entities in one BatchGetItem round trip (ElectroDB batches per
 * entity only). Results come back in request order, undefined where an item does not exist.
 */
export const batchGetMixed = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: Array<{ entity: KeyedEntity; key: Record<string, unknown> }>,
): Promise<unknown[]> => {
  const keys = requests.map(({ entity, key }) => entity.get(key as never).params().Key);
  const found = new Map<string, Record<string, unknown>>();
  const keyId = (key: Record<string, unknown>) => `${key.pk}\u0000${key.sk}`;
  let pending: Array<Record<string, unknown>> = keys;
  for (let attempt = 0; pending.length > 0 && attempt < 5; attempt += 1) {
    const result = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }));
    for (const item of result.Responses?.[tableName] ?? []) found.set(keyId(item), item);
    pending = (result.UnprocessedKeys?.[tableName]?.Keys as Array<Record<string, unknown>> | undefined) ?? [];
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
  }
  if (pending.length > 0) throw new Error("BatchGetItem left keys unprocessed after retries");
  return requests.map(({ entity }, index) => {
    const item = found.get(keyId(keys[index] as Record<string, unknown>));
    return item ? entity.parse({ Item: item }).data : undefined;
  });
};
