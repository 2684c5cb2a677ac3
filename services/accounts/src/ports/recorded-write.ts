import type { OutboxEntry } from "../../../../shared/src/events/outbox.ts";
import type { AuditEntry } from "../domain/audit.ts";

/** What every change writes with it, in its own transaction: its audit entries and the events it announces. */
export interface RecordedWrite {
  audit: AuditEntry[];
  events: OutboxEntry[];
}
