import { type OutboxEntry, outboxItem } from "../../../../shared/src/events/outbox.ts";
import type { EventData, EventType } from "../../../../shared/src/events/registry.ts";
import type { Access } from "../domain/access.ts";
import { type AuditEntry, auditEntry } from "../domain/audit.ts";
import type { Caller } from "./dependencies.ts";

/** One event a change announces; `undefined` entries are skipped so optional events read inline. */
export type AnnouncedEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType] | undefined | false;

/** The audit entry and the events of one change by a member, written in the change's own transaction. */
export interface RecordedChange {
  audit: AuditEntry[];
  events: OutboxEntry[];
}

/**
 * What a member's change leaves behind: its audit entry (who, how they reached the account, from
 * where) and the events it announces, stamped with the same time and actor.
 */
export const recordedChange = (input: {
  caller: Caller;
  access: Access;
  accountId: string;
  action: string;
  target: { type: string; id: string };
  changes?: Record<string, unknown>;
  now: Date;
  events?: AnnouncedEvent[];
}): RecordedChange => {
  const actor = { type: "user" as const, userId: input.caller.auth.userId };
  return {
    audit: [
      auditEntry({
        accountId: input.accountId,
        action: input.action,
        access: input.access,
        target: input.target,
        ...(input.changes ? { changes: input.changes } : {}),
        meta: input.caller.meta,
        now: input.now,
      }),
    ],
    events: (input.events ?? [])
      .filter((event) => !!event)
      .map((event) =>
        outboxItem({
          type: event.type,
          data: event.data,
          now: input.now,
          accountId: input.accountId,
          actor,
        } as Parameters<typeof outboxItem>[0]),
      ),
  };
};
