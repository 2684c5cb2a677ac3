import { BatchGetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

interface KeyedEntity {
  get(key: never): { params(): { Key: Record<string, unknown> } };
  parse(response: { Item: Record<string, unknown> }): { data: unknown };
}

/** `consistent`: strongly consistent reads (a read that a later condition relies on). */
export interface BatchGetOptions {
  consistent?: boolean;
}

/**
 * Reads items of different entities in one BatchGetItem round trip (ElectroDB batches per
 * entity only). Results come back in request order, undefined where an item does not exist.
 * `consistent` makes every read strongly consistent (one item that must be fresh makes the batch so).
 */
export const batchGetMixed = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: Array<{ entity: KeyedEntity; key: Record<string, unknown> }>,
  { consistent = false }: BatchGetOptions = {},
): Promise<unknown[]> => {
  const keys = requests.map(({ entity, key }) => entity.get(key as never).params().Key);
  const found = new Map<string, Record<string, unknown>>();
  const keyId = (key: Record<string, unknown>) => `${key.pk}\u0000${key.sk}`;
  let pending: Array<Record<string, unknown>> = keys;
  for (let attempt = 0; pending.length > 0 && attempt < 5; attempt += 1) {
    const result = await client.send(
      new BatchGetCommand({
        RequestItems: { [tableName]: { Keys: pending, ...(consistent ? { ConsistentRead: true } : {}) } },
      }),
    );
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

/** BatchGetItem takes at most this many keys per call. */
const BATCH_GET_MAX_KEYS = 100;

/**
 * Coalesces the single-item reads that concurrent work asks for into BatchGetItem calls: every
 * `load` made before the event loop turns is read together (duplicates once, 100 keys a call,
 * the calls in parallel). Code written as "read this item" then costs one round trip per wave
 * of reads, whether one question or a hundred are being answered. One loader per request.
 */
export const createBatchLoader = (client: DynamoDBDocumentClient, tableName: string, options: BatchGetOptions = {}) => {
  type Waiting = { resolve: (item: unknown) => void; reject: (error: unknown) => void };
  let pending = new Map<string, { entity: KeyedEntity; key: Record<string, unknown>; waiting: Waiting[] }>();
  const flush = async () => {
    const wave = [...pending.values()];
    pending = new Map();
    const chunks: (typeof wave)[] = [];
    for (let i = 0; i < wave.length; i += BATCH_GET_MAX_KEYS) chunks.push(wave.slice(i, i + BATCH_GET_MAX_KEYS));
    await Promise.all(
      chunks.map(async (chunk) => {
        try {
          const items = await batchGetMixed(client, tableName, chunk, options);
          chunk.forEach((request, index) => {
            for (const w of request.waiting) w.resolve(items[index]);
          });
        } catch (error) {
          for (const request of chunk) for (const w of request.waiting) w.reject(error);
        }
      }),
    );
  };
  return {
    /** The item under `key` (undefined when absent), read in the current wave. */
    load<E extends KeyedEntity>(entity: E, key: Record<string, unknown>): Promise<unknown> {
      const { pk, sk } = entity.get(key as never).params().Key;
      const id = `${String(pk)}\u0000${String(sk)}`;
      return new Promise((resolve, reject) => {
        const existing = pending.get(id);
        if (existing) {
          existing.waiting.push({ resolve, reject });
          return;
        }
        // setImmediate runs after every promise continuation queued now, so all concurrent loads join the wave.
        if (pending.size === 0) setImmediate(() => void flush());
        pending.set(id, { entity, key, waiting: [{ resolve, reject }] });
      });
    },
  };
};
export type BatchLoader = ReturnType<typeof createBatchLoader>;
