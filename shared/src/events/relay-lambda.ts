import type { DynamoDBRecord } from "aws-lambda";
import { type BusEntry, relayRecords } from "./relay.ts";

/** EventBridge Pipes enrichment: stream records of outbox items in, bus entries out. */
export const handler = async (records: DynamoDBRecord[]): Promise<BusEntry[]> => relayRecords(records);
