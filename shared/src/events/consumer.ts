import type { EventBridgeEvent } from "aws-lambda";
import { measureDynamoDbUsage } from "../observability/dynamodb-usage.ts";
import type { ServiceLogger } from "../observability/logger.ts";
import { type EventDetail, type EventType, eventContracts, eventDetailSchema } from "./registry.ts";

/** Remembers which events a consumer has handled, so redelivery does not repeat side effects. */
export interface ConsumedEventLedger {
  /** Claims the event for this consumer; false when it is done or another delivery holds it. */
  claim(consumer: string, eventId: string): Promise<boolean>;
  complete(consumer: string, eventId: string): Promise<void>;
  /** Gives the claim up after a failure so the retry can run it. */
  release(consumer: string, eventId: string): Promise<void>;
}

export type EventHandlers = { [T in EventType]?: (detail: EventDetail<T>) => Promise<void> };

export interface EventConsumers {
  /** Name of the consumer in the ledger (the service name). */
  consumer: string;
  handlers: EventHandlers;
  ledger: ConsumedEventLedger;
}

/**
 * Runs the handler for one EventBridge event at most once per consumer (by `eventId`).
 * A failure releases the claim and rethrows, so the bus retries and finally dead-letters it.
 */
export const dispatchEvent = async (
  event: EventBridgeEvent<string, unknown>,
  { consumer, handlers, ledger }: EventConsumers,
  logger: ServiceLogger,
): Promise<void> => {
  const type = event["detail-type"] as EventType;
  const handler = handlers[type] as ((detail: EventDetail) => Promise<void>) | undefined;
  if (!handler || !(type in eventContracts)) {
    throw new Error(`${consumer} has no handler for ${event["detail-type"]}`);
  }
  const envelope = eventDetailSchema().parse(event.detail);
  const detail = { ...envelope, data: eventContracts[type].data.parse(envelope.data) } as EventDetail;
  logger.appendKeys({ eventId: detail.eventId, eventType: type });
  try {
    if (!(await ledger.claim(consumer, detail.eventId))) {
      logger.info("Event already handled or in progress; skipped");
      return;
    }
    try {
      // Counted like a request: the round trips a consumer spends are what a batch costs.
      await measureDynamoDbUsage(`event ${type}`, () => handler(detail));
    } catch (error) {
      // Logged here too, not only by the Lambda runtime once rethrown: through the logger, the
      // stack names the TypeScript sources (the runtime prints the bundle's minified frames).
      logger.error("Event handler failed; released for the bus to retry", { error });
      await ledger.release(consumer, detail.eventId);
      throw error;
    }
    await ledger.complete(consumer, detail.eventId);
  } finally {
    logger.removeKeys(["eventId", "eventType"]);
  }
};
