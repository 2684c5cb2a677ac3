import { appendFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from "@aws-sdk/client-dynamodb-streams";
import type { Context, DynamoDBRecord } from "aws-lambda";
import { ulid } from "ulid";
import { consumerPatternFor, type ServiceName } from "../shared/src/events/registry.ts";
import { type BusEntry, relayRecords } from "../shared/src/events/relay.ts";
import type { ServiceLambdaHandler } from "../shared/src/http/service-handler.ts";
import { writeFileAtomically } from "./atomic-file.ts";

export interface DeadLetter {
  service: ServiceName;
  entry: BusEntry;
  error: string;
  failedAt: string;
}

const RETRY_DELAYS_MS = [50, 250, 1000];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Lambda context good enough for handlers that only read the request id. */
export const localLambdaContext = (functionName: string): Context =>
  ({
    functionName,
    awsRequestId: ulid(),
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: "512",
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;

/**
 * The local stand-in for EventBridge: rules derived from the event registry (as CDK derives
 * them), delivery with retries, and a dead-letter list instead of an SQS DLQ.
 */
export const createLocalBus = (handlers: Map<ServiceName, ServiceLambdaHandler>, dataDir: string) => {
  const rules = [...handlers.keys()].flatMap((service) => {
    const pattern = consumerPatternFor(service);
    return pattern ? [{ service, pattern }] : [];
  });
  const deadLetters: DeadLetter[] = [];
  const dlqPath = path.join(dataDir, "dead-letters.jsonl");

  const deliver = async (service: ServiceName, entry: BusEntry) => {
    const handler = handlers.get(service);
    if (!handler) return;
    const event = {
      version: "0",
      id: ulid(),
      "detail-type": entry.detailType,
      source: entry.source,
      account: "000000000000",
      time: new Date().toISOString(),
      region: "local",
      resources: [],
      detail: entry.detail,
    };
    let lastError: unknown;
    for (const delay of [0, ...RETRY_DELAYS_MS]) {
      if (delay) await sleep(delay);
      try {
        await handler(event as never, localLambdaContext(service));
        return;
      } catch (error) {
        lastError = error;
      }
    }
    const letter = {
      service,
      entry,
      error: String((lastError as Error)?.message ?? lastError),
      failedAt: new Date().toISOString(),
    };
    deadLetters.push(letter);
    appendFileSync(dlqPath, `${JSON.stringify(letter)}\n`);
  };

  return {
    deadLetters,
    async publish(entries: BusEntry[]) {
      for (const entry of entries) {
        const targets = rules.filter(
          ({ pattern }) => pattern.source.includes(entry.source) && pattern["detail-type"].includes(entry.detailType),
        );
        await Promise.all(targets.map(({ service }) => deliver(service, entry)));
      }
    },
  };
};
export type LocalBus = ReturnType<typeof createLocalBus>;

/**
 * The local stand-in for the EventBridge Pipe: polls the table's stream, runs the same relay
 * function the pipe uses as enrichment, and publishes to the local bus. Progress is checkpointed
 * per shard so a restart neither loses nor replays events.
 */
export const startStreamRelay = async ({
  tableName,
  endpoint,
  dataDir,
  pollMs,
  bus,
  log,
}: {
  tableName: string;
  endpoint: string;
  dataDir: string;
  pollMs: number;
  bus: LocalBus;
  log: (line: string) => void;
}) => {
  const dynamodb = new DynamoDBClient({ endpoint });
  const streams = new DynamoDBStreamsClient({ endpoint });
  const table = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${tableName} has no stream`);

  const checkpointPath = path.join(dataDir, "stream-checkpoints.json");
  const checkpoints: Record<string, string> = existsSync(checkpointPath)
    ? (JSON.parse(readFileSync(checkpointPath, "utf8")) as { streamArn: string; shards: Record<string, string> })
        .streamArn === streamArn
      ? (JSON.parse(readFileSync(checkpointPath, "utf8")).shards as Record<string, string>)
      : {}
    : {};
  const iterators = new Map<string, string>();
  const closedShards = new Set<string>();
  let running = true;
  let discoveredAt = 0;

  /** Every shard of the stream: DescribeStream pages at 100 shards. */
  const listShards = async () => {
    const shards = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const described = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      shards.push(...(described.StreamDescription?.Shards ?? []));
      exclusiveStartShardId = described.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return shards;
  };

  const discoverShards = async () => {
    for (const shard of await listShards()) {
      const shardId = shard.ShardId;
      if (!shardId || iterators.has(shardId) || closedShards.has(shardId)) continue;
      const sequence = checkpoints[shardId];
      const iterator = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ...(sequence
            ? { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: sequence }
            : { ShardIteratorType: "TRIM_HORIZON" }),
        }),
      );
      if (iterator.ShardIterator) iterators.set(shardId, iterator.ShardIterator);
    }
    discoveredAt = Date.now();
  };

  const pollOnce = async (): Promise<number> => {
    if (Date.now() - discoveredAt > 5000) await discoverShards();
    let delivered = 0;
    for (const [shardId, iterator] of iterators) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      const records = page.Records ?? [];
      if (records.length > 0) {
        await bus.publish(relayRecords(records as unknown as DynamoDBRecord[]));
        const last = records.at(-1) as StreamRecord;
        if (last.dynamodb?.SequenceNumber) checkpoints[shardId] = last.dynamodb.SequenceNumber;
        writeFileAtomically(checkpointPath, JSON.stringify({ streamArn, shards: checkpoints }));
        delivered += records.length;
      }
      if (page.NextShardIterator) iterators.set(shardId, page.NextShardIterator);
      else {
        iterators.delete(shardId);
        closedShards.add(shardId);
      }
    }
    return delivered;
  };

  const loop = (async () => {
    while (running) {
      try {
        const delivered = await pollOnce();
        if (delivered === 0) await sleep(pollMs);
      } catch (error) {
        log(`stream relay: ${(error as Error).message}; retrying`);
        iterators.clear();
        discoveredAt = 0;
        await sleep(1000);
      }
    }
  })();

  return {
    async stop() {
      running = false;
      await loop;
    },
  };
};
