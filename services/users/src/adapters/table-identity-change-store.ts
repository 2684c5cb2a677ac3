import type { TableService } from "../../../../shared/src/table/entities.ts";
import { commit } from "../../../../shared/src/table/transactions.ts";
import { IdentityChangedMeanwhile, type IdentityChangeStore } from "../ports/identity-change-store.ts";
import { EmailTaken } from "../ports/user-store.ts";

export const tableIdentityChangeStore = (table: TableService): IdentityChangeStore => ({
  async changeIdentity({ profile, email, fullName, now, audit, events }) {
    const { userId, cognitoUsername } = profile;
    const previousEmail = profile.email;
    const emailChanges = email !== undefined && email !== previousEmail;
    await commit(
      table.transaction.write(({ identifier, user, platformAuditEntry, outboxEvent }) => [
        // First, so a cancellation at index 0 means exactly "the address is someone's login".
        ...(emailChanges ? [identifier.create({ kind: "email", value: email, userId, cognitoUsername }).commit()] : []),
        ...(emailChanges && previousEmail
          ? [
              identifier
                .delete({ kind: "email", value: previousEmail })
                .where((attr, op) => op.eq(attr.userId, userId))
                .commit(),
            ]
          : []),
        user
          .patch({ userId })
          .set({
            ...(emailChanges ? { email, emailVerified: true } : {}),
            ...(fullName !== undefined ? { fullName } : {}),
            updatedAt: now.toISOString(),
          })
          .where((attr, op) => (previousEmail ? op.eq(attr.email, previousEmail) : op.notExists(attr.email)))
          .commit(),
        platformAuditEntry.create(audit).commit(),
        ...events.map((event) => outboxEvent.create(event).commit()),
      ]),
      (cancelled) => {
        if (emailChanges && cancelled.failedCondition(0)) return new EmailTaken();
        return cancelled.anyConditionFailed ? new IdentityChangedMeanwhile() : undefined;
      },
    );
  },
});
