import { ulid } from "ulid";
import {
  type Actor,
  type EventData,
  type EventDetail,
  type EventType,
  eventContracts,
  eventSourceOf,
} from "./registry.ts";

/** Outbox items outlive their publication by a day so a stalled relay can still catch up. */
const OUTBOX_RETENTION_SECONDS = 24 * 60 * 60;

export interface NewEvent<T extends EventType> {
  type: T;
  data: EventData<T>;
  actor: Actor;
  accountId?: string;
  now: Date;
}

/**
 * The outbox item for a domain event, to be written in the same transaction as the change it
 * describes. The data is validated against the registry so a producer cannot emit a malformed event.
 */
export const outboxItem = <T extends EventType>(event: NewEvent<T>) => {
  const data = eventContracts[event.type].data.parse(event.data);
  const detail: EventDetail<T> = {
    eventId: ulid(event.now.getTime()),
    occurredAt: event.now.toISOString(),
    ...(event.accountId ? { accountId: event.accountId } : {}),
    actor: event.actor,
    data: data as EventData<T>,
  };
  return {
    eventId: detail.eventId,
    source: eventSourceOf(event.type),
    detailType: event.type,
    detail: JSON.stringify(detail),
    expiresAt: Math.floor(event.now.getTime() / 1000) + OUTBOX_RETENTION_SECONDS,
  };
};

/** An outbox item as written in the transaction of the change it announces. */
export type OutboxEntry = ReturnType<typeof outboxItem>;
