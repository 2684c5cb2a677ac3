import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { batchGetMixed } from "../../../../shared/src/table/batch-get.ts";
import { defined } from "../../../../shared/src/table/defined.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import { commit } from "../../../../shared/src/table/transactions.ts";
import { IdentityChangedMeanwhile, type IdentityChangeStore } from "../ports/identity-change-store.ts";
import { EmailTaken, type LoginRecord } from "../ports/user-store.ts";
import { securityActivityItem } from "./table-security-activity.ts";
import { profileOf } from "./table-user-store.ts";

export const tableIdentityChangeStore = (
  table: TableService,
  client: DynamoDBDocumentClient,
  tableName: string,
): IdentityChangeStore => ({
  async readTarget(userId, email) {
    const { user, identifier } = table.entities;
    const [profile, holder] = await batchGetMixed(client, tableName, [
      { entity: user, key: { userId } },
      ...(email !== undefined ? [{ entity: identifier, key: { kind: "email", value: email } }] : []),
    ]);
    const emailHolder = holder as LoginRecord | undefined;
    return defined({
      profile: profileOf(profile),
      emailHolder: emailHolder && { userId: emailHolder.userId, cognitoUsername: emailHolder.cognitoUsername },
    });
  },

  async changeIdentity({ profile, email, fullName, now, audit, activity, events }) {
    const { userId, cognitoUsername } = profile;
    const previousEmail = profile.email;
    const emailChanges = email !== undefined && email !== previousEmail;
    await commit(
      table.transaction.write(({ identifier, user, platformAuditEntry, securityActivity, outboxEvent }) => [
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
        ...(activity ? [securityActivity.create(securityActivityItem(activity)).commit()] : []),
        ...events.map((event) => outboxEvent.create(event).commit()),
      ]),
      (cancelled) => {
        if (emailChanges && cancelled.failedCondition(0)) return new EmailTaken();
        return cancelled.anyConditionFailed ? new IdentityChangedMeanwhile() : undefined;
      },
    );
  },
});
