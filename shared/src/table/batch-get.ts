import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { waveScheduler } from "./wave-scheduler.ts";

interface KeyedEntity {
  get(key: never): { params(): { Key: Record<string, unknown> } };
  parse(response: { Item: Record<string, unknown> }): { data: unknown };
}

/** `consistent`: strongly consistent reads (a read that a later condition relies on). */
export interface BatchGetOptions {
  consistent?: boolean;
}

type Key = Record<string, unknown>;
const keyId = (key: Key) => `${key.pk}\u0000${key.sk}`;

/** The items under `keys` (table keys as stored), by `keyId`; unprocessed keys are asked again. */
const readKeys = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: Key[],
  { consistent = false }: BatchGetOptions,
): Promise<Map<string, Key>> => {
  const found = new Map<string, Key>();
  let pending = keys;
  for (let attempt = 0; pending.length > 0 && attempt < 5; attempt += 1) {
    const result = await client.send(
      new BatchGetCommand({
        RequestItems: { [tableName]: { Keys: pending, ...(consistent ? { ConsistentRead: true } : {}) } },
      }),
    );
    for (const item of result.Responses?.[tableName] ?? []) found.set(keyId(item), item);
    pending = (result.UnprocessedKeys?.[tableName]?.Keys as Key[] | undefined) ?? [];
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
  }
  if (pending.length > 0) throw new Error("BatchGetItem left keys unprocessed after retries");
  return found;
};

/** The entity's item under `tableKey` among those read, parsed; undefined when it does not exist. */
const parsedFrom = (found: Map<string, Key>, entity: KeyedEntity, tableKey: Key) => {
  const item = found.get(keyId(tableKey));
  return item ? entity.parse({ Item: item }).data : undefined;
};

/**
 * Reads items of different entities in one BatchGetItem round trip (ElectroDB batches per
 * entity only). Results come back in request order, undefined where an item does not exist.
 * `consistent` makes every read strongly consistent (one item that must be fresh makes the batch so).
 */
export const batchGetMixed = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: Array<{ entity: KeyedEntity; key: Key }>,
  options: BatchGetOptions = {},
): Promise<unknown[]> => {
  const keys = requests.map(({ entity, key }) => entity.get(key as never).params().Key);
  const found = await readKeys(client, tableName, keys, options);
  return requests.map(({ entity }, index) => parsedFrom(found, entity, keys[index] as Key));
};

/** BatchGetItem takes at most this many keys per call. */
const BATCH_GET_MAX_KEYS = 100;

/** An ElectroDB entity whose query results the loader parses (items of other entities drop out). */
interface QueriedEntity {
  parse(response: { Items: Array<Record<string, unknown>> }, options: { ignoreOwnership: boolean }): { data: unknown };
}

/** An ElectroDB query as built (`entity.query.byUser({ userId })`), not yet sent. */
interface PrefixQuery {
  params(): Record<string, unknown>;
  go(...args: never[]): Promise<{ data: unknown[] }>;
}

/** A query's partition and sort-key prefix, read from its parameters. */
const partitionOf = (query: PrefixQuery, order: "asc" | "desc") => {
  const params = query.params() as {
    KeyConditionExpression: string;
    ExpressionAttributeNames: Record<string, string>;
    ExpressionAttributeValues: Record<string, unknown>;
    IndexName?: string;
  };
  const {
    KeyConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  } = params;
  const extra = Object.keys(params).filter(
    (name) =>
      ![
        "KeyConditionExpression",
        "ExpressionAttributeNames",
        "ExpressionAttributeValues",
        "IndexName",
        "TableName",
      ].includes(name),
  );
  if (!/^#pk = :pk( and begins_with\(#sk1, :sk1\))?$/.test(condition) || extra.length > 0) {
    throw new Error(`Only a partition with an optional sort-key prefix folds, not ${condition} ${extra.join(" ")}`);
  }
  return {
    index: params.IndexName,
    pkName: names["#pk"] as string,
    skName: names["#sk1"] ?? "sk",
    pk: values[":pk"],
    prefix: String(values[":sk1"] ?? ""),
    descending: order === "desc",
  };
};

const commonPrefix = (prefixes: string[]) =>
  prefixes.reduce((common, prefix) => {
    let length = 0;
    while (length < common.length && common[length] === prefix[length]) length += 1;
    return common.slice(0, length);
  });

/**
 * Coalesces the single-item reads that concurrent work asks for into BatchGetItem calls: every
 * `load` made before the event loop turns is read together (duplicates once, 100 keys a call,
 * the calls in parallel). Code written as "read this item" then costs one round trip per wave
 * of reads, whether one question or a hundred are being answered. One loader per request.
 * Queries of one partition fold the same way (`query`).
 */
export const createBatchLoader = (client: DynamoDBDocumentClient, tableName: string, options: BatchGetOptions = {}) => {
  type Waiting = { resolve: (item: unknown) => void; reject: (error: unknown) => void };
  // Each item asked for with its table key, worked out once when it is asked for.
  let pending = new Map<string, { entity: KeyedEntity; tableKey: Key; waiting: Waiting[] }>();
  type Asked = { partition: ReturnType<typeof partitionOf>; entity: QueriedEntity; waiting: Waiting };
  let pendingQueries = new Map<string, Asked[]>();
  const schedule = waveScheduler(() => {
    void flush();
    void flushQueries();
  });

  /** Every page of one partition under `prefix` (all of it when the prefix is empty). */
  const readPartition = async ({ index, pkName, skName, pk }: Asked["partition"], prefix: string) => {
    const items: Array<Record<string, unknown>> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          ...(index ? { IndexName: index } : {}),
          KeyConditionExpression: prefix ? "#pk = :pk and begins_with(#sk, :prefix)" : "#pk = :pk",
          ExpressionAttributeNames: { "#pk": pkName, ...(prefix ? { "#sk": skName } : {}) },
          ExpressionAttributeValues: { ":pk": pk, ...(prefix ? { ":prefix": prefix } : {}) },
          ...(start ? { ExclusiveStartKey: start } : {}),
          ...(options.consistent && !index ? { ConsistentRead: true } : {}),
        }),
      );
      items.push(...((page.Items ?? []) as Array<Record<string, unknown>>));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  };

  /** One Query per partition asked about in the wave, under the prefix all its questions share. */
  const flushQueries = async () => {
    const wave = [...pendingQueries.values()];
    pendingQueries = new Map();
    await Promise.all(
      wave.map(async (asked) => {
        try {
          const first = asked[0] as Asked;
          const items = await readPartition(first.partition, commonPrefix(asked.map((a) => a.partition.prefix)));
          for (const { partition, entity, waiting } of asked) {
            const own = items.filter((item) => String(item[partition.skName]).startsWith(partition.prefix));
            const { data } = entity.parse({ Items: own }, { ignoreOwnership: false });
            waiting.resolve(partition.descending ? (data as unknown[]).reverse() : data);
          }
        } catch (error) {
          for (const { waiting } of asked) waiting.reject(error);
        }
      }),
    );
  };

  const flush = async () => {
    const wave = [...pending.values()];
    pending = new Map();
    const chunks: (typeof wave)[] = [];
    for (let i = 0; i < wave.length; i += BATCH_GET_MAX_KEYS) chunks.push(wave.slice(i, i + BATCH_GET_MAX_KEYS));
    await Promise.all(
      chunks.map(async (chunk) => {
        try {
          const found = await readKeys(
            client,
            tableName,
            chunk.map(({ tableKey }) => tableKey),
            options,
          );
          for (const { entity, tableKey, waiting } of chunk) {
            const data = parsedFrom(found, entity, tableKey);
            for (const w of waiting) w.resolve(data);
          }
        } catch (error) {
          for (const request of chunk) for (const w of request.waiting) w.reject(error);
        }
      }),
    );
  };
  return {
    /** The item under `key` (undefined when absent), read in the current wave. */
    load<E extends KeyedEntity>(entity: E, key: Record<string, unknown>): Promise<unknown> {
      const tableKey = entity.get(key as never).params().Key;
      const id = keyId(tableKey);
      return new Promise((resolve, reject) => {
        const existing = pending.get(id);
        if (existing) {
          existing.waiting.push({ resolve, reject });
          return;
        }
        schedule();
        pending.set(id, { entity, tableKey, waiting: [{ resolve, reject }] });
      });
    },
    /**
     * Every item `query` finds (all pages; a partition with an optional sort-key prefix), read in
     * the wave's one Query of that partition: the questions of a wave about one partition share a
     * Query under their common prefix (the whole partition when they have none), and each gets
     * only the items under its own prefix that belong to its entity.
     */
    query<Q extends PrefixQuery>(
      entity: QueriedEntity,
      query: Q,
      { order = "asc" }: { order?: "asc" | "desc" } = {},
    ): Promise<Awaited<ReturnType<Q["go"]>>["data"]> {
      const partition = partitionOf(query, order);
      const id = `${partition.index ?? ""}\u0000${String(partition.pk)}`;
      return new Promise((resolve, reject) => {
        schedule();
        const asked = pendingQueries.get(id) ?? [];
        asked.push({ partition, entity, waiting: { resolve: resolve as (items: unknown) => void, reject } });
        pendingQueries.set(id, asked);
      });
    },
  };
};
export type BatchLoader = ReturnType<typeof createBatchLoader>;
