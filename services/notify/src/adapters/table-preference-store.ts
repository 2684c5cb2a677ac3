import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { batchGetMixed } from "../../../../shared/src/table/batch-get.ts";
import { StaleVersion } from "../../../../shared/src/table/conditional-write.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import { commit } from "../../../../shared/src/table/transactions.ts";
import type { PreferenceChoices } from "../domain/notification-preferences.ts";
import type { PreferenceStore, StoredPreferences } from "../ports/preference-store.ts";
import { type RecipientItem, toRecipient } from "./table-recipient-store.ts";

type PreferencesItem = Awaited<
  ReturnType<ReturnType<TableService["entities"]["notificationPreferences"]["get"]>["go"]>
>["data"];

const toStored = (data: PreferencesItem): StoredPreferences =>
  data ? { choices: data.choices as PreferenceChoices, version: data.version } : { choices: {}, version: 0 };

export const tablePreferenceStore = (
  table: TableService,
  client: DynamoDBDocumentClient,
  tableName: string,
): PreferenceStore => {
  const { notificationPreferences, newsSubscriber, recipient } = table.entities;
  return {
    async get(userId) {
      return toStored((await notificationPreferences.get({ userId }).go()).data);
    },

    async getWithRecipient(userId) {
      const [stored, found] = (await batchGetMixed(client, tableName, [
        { entity: notificationPreferences, key: { userId } },
        { entity: recipient, key: { userId } },
      ])) as [PreferencesItem, RecipientItem | undefined];
      return { stored: toStored(stored), recipient: found ? toRecipient(found) : undefined };
    },

    async save({ userId, choices, expectedVersion, subscribedToNews, now }) {
      const updatedAt = now.toISOString();
      const version = expectedVersion + 1;
      await commit(
        table.transaction.write(({ notificationPreferences, newsSubscriber }) => [
          expectedVersion === 0
            ? notificationPreferences.create({ userId, choices, version, updatedAt }).commit()
            : notificationPreferences
                .patch({ userId })
                .set({ choices, version, updatedAt })
                .where((attr, op) => op.eq(attr.version, expectedVersion))
                .commit(),
          subscribedToNews
            ? newsSubscriber.put({ userId, since: updatedAt }).commit()
            : newsSubscriber.delete({ userId }).commit(),
        ]),
        // 0: someone else saved a change since this one's version was read.
        (cancelled) => (cancelled.failedCondition(0) ? new StaleVersion() : undefined),
      );
      return version;
    },

    async newsSubscribers(cursor, limit) {
      const page = await newsSubscriber.query.all({}).go({ cursor, limit, attributes: ["userId"] });
      return { userIds: page.data.map((item) => item.userId), cursor: page.cursor };
    },
  };
};
