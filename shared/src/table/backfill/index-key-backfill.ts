import {
  type DynamoDBDocumentClient,
  GetCommand,
  ScanCommand,
  type ScanCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { conditionHeld } from "../conditional-write.ts";

/** An item of the table as DynamoDB returns it. */
export type TableItem = Record<string, unknown>;

/**
 * Which items of one entity lack some index keys (written before the indexes existed) and how the
 * entity builds those keys from the item's own attributes. Knows no domain: the entity's file
 * says which keys and parts (see `member-index-keys.ts`, `user-holding-index-keys.ts`).
 */
export interface IndexKeyBackfill {
  /** The attribute ElectroDB writes the entity's name to, and the name it writes there. */
  entityType: { attribute: string; name: string };
  /** The index key attributes an item must have; lacking any one selects it. */
  indexKeys: readonly string[];
  /** The attributes the index keys are built from: a rewrite holds only while each is still as read. */
  keyParts: readonly string[];
  /** The item's table key and the index keys built from it; throws when the entity cannot build them. */
  keysOf: (item: TableItem) => { key: TableItem; indexKeys: TableItem };
}

/** What a run did. */
export interface BackfillCounts {
  /** Items the Scan read, of every type. */
  scanned: number;
  /** Items of the entity found lacking an index key. */
  missingKeys: number;
  /** Items whose index keys the backfill wrote. */
  rewritten: number;
  /**
   * Items that changed between the read and the backfill's write, which was then dropped (the
   * service's change wins). Each is read again and rewritten from its new values only if it still
   * lacks a key (a patch of role or status writes the index sort keys, not their partition keys).
   */
  skippedChanged: number;
  /** Items whose keys the entity could not build (a key part missing): left as they are. */
  unbuildable: number;
  /** Items that kept changing through every attempt: a re-run picks them up. */
  unfinished: number;
}

/** How often one item is read again and rewritten while concurrent changes keep moving it. */
const REWRITE_ATTEMPTS = 5;

export const noCounts = (): BackfillCounts => ({
  scanned: 0,
  missingKeys: 0,
  rewritten: 0,
  skippedChanged: 0,
  unbuildable: 0,
  unfinished: 0,
});

export const addCounts = (sum: BackfillCounts, more: Partial<BackfillCounts>): BackfillCounts => {
  const total = { ...sum };
  for (const name of Object.keys(total) as Array<keyof BackfillCounts>) total[name] += more[name] ?? 0;
  return total;
};

const lacksIndexKey = (backfill: IndexKeyBackfill, item: TableItem) =>
  item[backfill.entityType.attribute] === backfill.entityType.name &&
  backfill.indexKeys.some((key) => item[key] === undefined);

/** The backfills of a run as a list (a run may backfill several entities in one Scan). */
const listOf = (backfill: IndexKeyBackfill | readonly IndexKeyBackfill[]): readonly IndexKeyBackfill[] =>
  "entityType" in backfill ? [backfill] : backfill;

/** `#missing<i>` names the i-th distinct index key of the backfills. */
const indexKeyNames = (backfills: readonly IndexKeyBackfill[]) => [...new Set(backfills.flatMap((b) => b.indexKeys))];

const anyIndexKeyMissing = (backfill: IndexKeyBackfill, names: string[] = indexKeyNames([backfill])) =>
  `(${backfill.indexKeys.map((key) => `attribute_not_exists(#missing${names.indexOf(key)})`).join(" OR ")})`;

const missingKeyNames = (names: string[]) => Object.fromEntries(names.map((key, i) => [`#missing${i}`, key]));

/**
 * The Scan (one segment's page is added by the caller) that finds the items lacking an index
 * key of the backfill's entity, or of any of the backfills' entities.
 */
export const missingKeysScan = (
  backfill: IndexKeyBackfill | readonly IndexKeyBackfill[],
  tableName: string,
): ScanCommandInput => {
  const backfills = listOf(backfill);
  const names = indexKeyNames(backfills);
  const typeValue = (i: number) => (backfills.length === 1 ? ":entityType" : `:entityType${i}`);
  const each = backfills.map((b, i) => `#entityType = ${typeValue(i)} AND ${anyIndexKeyMissing(b, names)}`);
  return {
    TableName: tableName,
    FilterExpression: each.length === 1 ? (each[0] as string) : each.map((one) => `(${one})`).join(" OR "),
    ExpressionAttributeNames: {
      // Every backfill's entity names itself in the same attribute (ElectroDB's default).
      "#entityType": (backfills[0] as IndexKeyBackfill).entityType.attribute,
      ...missingKeyNames(names),
    },
    ExpressionAttributeValues: Object.fromEntries(backfills.map((b, i) => [typeValue(i), b.entityType.name])),
  };
};

/**
 * The UpdateItem that writes `item`'s index keys as built from it, on condition that it is still
 * the entity's item, its key parts are still as read (a concurrent change wins) and it still
 * lacks a key (a re-run writes nothing). Throws when the entity cannot build the keys.
 */
export const rewriteAsRead = (backfill: IndexKeyBackfill, tableName: string, item: TableItem): UpdateCommandInput => {
  const { key, indexKeys } = backfill.keysOf(item);
  const written = Object.entries(indexKeys);
  const partsAsRead = backfill.keyParts.map((_, i) => `#part${i} = :part${i}`);
  return {
    TableName: tableName,
    Key: key,
    UpdateExpression: `SET ${written.map((_, i) => `#key${i} = :key${i}`).join(", ")}`,
    ConditionExpression: ["#entityType = :entityType", ...partsAsRead, anyIndexKeyMissing(backfill)].join(" AND "),
    ExpressionAttributeNames: {
      "#entityType": backfill.entityType.attribute,
      ...Object.fromEntries(written.map(([name], i) => [`#key${i}`, name])),
      ...Object.fromEntries(backfill.keyParts.map((part, i) => [`#part${i}`, part])),
      ...missingKeyNames(indexKeyNames([backfill])),
    },
    ExpressionAttributeValues: {
      ":entityType": backfill.entityType.name,
      ...Object.fromEntries(written.map(([, value], i) => [`:key${i}`, value])),
      ...Object.fromEntries(backfill.keyParts.map((part, i) => [`:part${i}`, item[part]])),
    },
  };
};

const buildRewrite = (backfill: IndexKeyBackfill, tableName: string, item: TableItem) => {
  try {
    return rewriteAsRead(backfill, tableName, item);
  } catch {
    return undefined;
  }
};

/** Rewrites one item read lacking keys; when it changed meanwhile, reads it again and retries while it still lacks one. */
const rewriteItem = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  backfill: IndexKeyBackfill,
  read: TableItem,
): Promise<Partial<BackfillCounts>> => {
  let item = read;
  let changed = 0;
  for (let attempt = 0; attempt < REWRITE_ATTEMPTS; attempt += 1) {
    const command = buildRewrite(backfill, tableName, item);
    if (!command) return { unbuildable: 1, skippedChanged: changed };
    if (await conditionHeld(client.send(new UpdateCommand(command)))) return { rewritten: 1, skippedChanged: changed };
    changed = 1;
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: command.Key, ConsistentRead: true }),
    );
    if (!Item || !lacksIndexKey(backfill, Item)) return { skippedChanged: changed };
    item = Item;
  }
  return { skippedChanged: changed, unfinished: 1 };
};

export interface BackfillRun {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** One entity's backfill, or several entities' (all found by the same Scan). */
  backfill: IndexKeyBackfill | readonly IndexKeyBackfill[];
  /** Parallel Scan segments, each walked page by page. @default 4 */
  segments?: number;
  /** Items a Scan page evaluates at most (DynamoDB's own cap is 1 MB a page). */
  pageSize?: number;
  /** Rewrites in flight per segment. @default 8 */
  writesInFlight?: number;
}

/**
 * Walks the whole table with a parallel Scan and writes the index keys of the entities' items
 * that lack them. Holds one page per segment at a time; safe to run again and while the services
 * write (each rewrite is conditional on the item being as read and still lacking a key).
 */
export const runIndexKeyBackfill = async (run: BackfillRun): Promise<BackfillCounts> => {
  const segments = run.segments ?? 4;
  const walks = Array.from({ length: segments }, (_, segment) => walkSegment(run, segment, segments));
  return (await Promise.all(walks)).reduce(addCounts, noCounts());
};

const walkSegment = async (run: BackfillRun, segment: number, segments: number) => {
  const { client, tableName } = run;
  const backfills = listOf(run.backfill);
  const backfillOf = (item: TableItem) =>
    backfills.find((b) => item[b.entityType.attribute] === b.entityType.name) as IndexKeyBackfill;
  const writesInFlight = run.writesInFlight ?? 8;
  let counts = noCounts();
  let startKey: TableItem | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        ...missingKeysScan(backfills, tableName),
        Segment: segment,
        TotalSegments: segments,
        Limit: run.pageSize,
        ExclusiveStartKey: startKey,
      }),
    );
    const items = page.Items ?? [];
    counts = addCounts(counts, { scanned: page.ScannedCount ?? 0, missingKeys: items.length });
    for (let start = 0; start < items.length; start += writesInFlight) {
      const batch = items.slice(start, start + writesInFlight);
      const outcomes = await Promise.all(batch.map((item) => rewriteItem(client, tableName, backfillOf(item), item)));
      counts = outcomes.reduce(addCounts, counts);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return counts;
};
