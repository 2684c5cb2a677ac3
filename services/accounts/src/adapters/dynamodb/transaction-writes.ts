import type { OutboxEntry } from "../../../../../shared/src/events/outbox.ts";
import { defined } from "../../../../../shared/src/table/defined.ts";
import type { TransactionEntities } from "../../../../../shared/src/table/entities.ts";
import type { Invitation } from "../../domain/invitation.ts";
import type { RecordedWrite } from "../../ports/recorded-write.ts";

/** The audit entries and outbox events that go into a change's transaction, after its own items. */
export const auditAndEvents = (tx: TransactionEntities, { audit, events }: RecordedWrite) => [
  ...audit.map((entry) => tx.auditEntry.create(entry).commit()),
  ...events.map((event: OutboxEntry) => tx.outboxEvent.create(event).commit()),
];

/**
 * The items of a new pending invitation: the per-email claim (first, so a duplicate fails at
 * index 0), the invitation and its link token (hash only).
 */
export const pendingInvitationWrites = (tx: TransactionEntities, inv: Invitation) => [
  tx.pendingInvitee.create({ accountId: inv.accountId, email: inv.email, invitationId: inv.invitationId }).commit(),
  tx.invitation.create(defined(inv)).commit(),
  tx.linkToken
    .create({
      tokenHash: inv.tokenHash,
      purpose: "invitation",
      accountId: inv.accountId,
      invitationId: inv.invitationId,
      invitedBy: inv.invitedBy,
      email: inv.email,
      expiresAt: inv.expiresAt,
    })
    .commit(),
];
