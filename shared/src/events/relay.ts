import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import { tableDefinition } from "../table/definition.ts";

/** An event ready for the bus, as the relay hands it to EventBridge. */
export interface BusEntry {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
}

export const OUTBOX_KEY_PREFIX = "OUTBOX#";

/** Whether a stream record is a newly written outbox item (the pipe's filter says the same). */
export const isOutboxInsert = (record: DynamoDBRecord): boolean =>
  record.eventName === "INSERT" &&
  (record.dynamodb?.Keys?.[tableDefinition.partitionKey]?.S ?? "").startsWith(OUTBOX_KEY_PREFIX);

/**
 * Turns stream records of outbox items into bus entries. Used as the EventBridge Pipe's
 * enrichment in AWS and by the local stream poller, so both publish exactly the same events.
 */
export const relayRecords = (records: DynamoDBRecord[]): BusEntry[] =>
  records.filter(isOutboxInsert).map((record) => {
    const image = unmarshall(record.dynamodb?.NewImage as Record<string, AttributeValue>);
    return {
      source: String(image.source),
      detailType: String(image.detailType),
      detail: JSON.parse(String(image.detail)) as Record<string, unknown>,
    };
  });
