import { AsyncLocalStorage } from "node:async_hooks";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/** DynamoDB work done for one request or event: the budget the spec sets is in round trips. */
export interface DynamoDbUsage {
  roundTrips: number;
  operations: string[];
  readCapacity: number;
  writeCapacity: number;
}

type UsageListener = (label: string, usage: DynamoDbUsage) => void;

const current = new AsyncLocalStorage<DynamoDbUsage>();
const listeners = new Set<UsageListener>();

/** Runs `work` while counting its DynamoDB calls, then tells the listeners (metrics, the bench). */
export const measureDynamoDbUsage = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const usage: DynamoDbUsage = { roundTrips: 0, operations: [], readCapacity: 0, writeCapacity: 0 };
  try {
    return await current.run(usage, work);
  } finally {
    for (const listener of listeners) listener(label, usage);
  }
};

export const onDynamoDbUsage = (listener: UsageListener) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

const CAPACITY_REPORTING = new Set([
  "GetItemCommand",
  "PutItemCommand",
  "UpdateItemCommand",
  "DeleteItemCommand",
  "QueryCommand",
  "ScanCommand",
  "BatchGetItemCommand",
  "BatchWriteItemCommand",
  "TransactGetItemsCommand",
  "TransactWriteItemsCommand",
]);

interface ConsumedCapacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** Counts every call the client sends and the capacity DynamoDB says it consumed. */
export const instrumentDynamoDbClient = (client: DynamoDBClient) => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const usage = current.getStore();
      const command = String(context.commandName);
      if (!usage) return next(args);
      const input = args.input as { ReturnConsumedCapacity?: string };
      if (CAPACITY_REPORTING.has(command)) input.ReturnConsumedCapacity ??= "TOTAL";
      usage.roundTrips += 1;
      usage.operations.push(command.replace(/Command$/, ""));
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity;
      for (const entry of [consumed ?? []].flat()) {
        const isWrite = /Put|Update|Delete|Write/.test(command);
        const units = entry.CapacityUnits ?? 0;
        usage.readCapacity += entry.ReadCapacityUnits ?? (isWrite ? 0 : units);
        usage.writeCapacity += entry.WriteCapacityUnits ?? (isWrite ? units : 0);
      }
      return result;
    },
    { step: "initialize", name: "dynamoDbUsage" },
  );
  return client;
};
