import type { AuditEntry } from "../domain/audit.ts";

/** Audit entries for what provider support did to a user; a redelivered entry rewrites, never doubles. */
export interface SupportAudit {
  record(entries: AuditEntry[]): Promise<void>;
}
