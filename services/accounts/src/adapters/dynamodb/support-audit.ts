import type { TableService } from "../../../../../shared/src/table/entities.ts";
import type { SupportAudit } from "../../ports/support-audit.ts";

/**
 * Audit entries for what provider support did to a user, written by the accounts consumer of the
 * users service's event. Puts keyed by the event id, so a redelivered event rewrites, never doubles.
 */
export const tableSupportAudit = (table: TableService): SupportAudit => {
  const { auditEntry } = table.entities;
  return {
    async record(entries) {
      for (const entry of entries) await auditEntry.put(entry).go({ response: "none" });
    },
  };
};
