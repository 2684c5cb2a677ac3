import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { batchGetMixed } from "../../../../shared/src/table/batch-get.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import type { RestrictionScope } from "../domain/delivery-policy.ts";
import { effectivePreferences, type PreferenceChoices } from "../domain/notification-preferences.ts";
import type { RecipientFacts, RecipientStandings } from "../use-cases/delivery/policed-mailer.ts";
import { type RecipientItem, toRecipient } from "./table-recipient-store.ts";

type PreferencesItem = Awaited<
  ReturnType<ReturnType<TableService["entities"]["notificationPreferences"]["get"]>["go"]>
>["data"] & {};

const SCOPES: RestrictionScope[] = ["marketing", "processing"];
/** BatchGetItem takes 100 keys: 4 per user (recipient, preferences, two restriction scopes). */
const USERS_PER_BATCH_GET = 25;

/**
 * Everything the delivery decision needs about users, read in one BatchGetItem per 25 users:
 * notify's recipient copy, their preferences and the restrictions it honours.
 */
export const tableRecipientStandings = (
  table: TableService,
  client: DynamoDBDocumentClient,
  tableName: string,
): RecipientStandings => {
  const { recipient, notificationPreferences, notifyRestriction } = table.entities;
  const readChunk = async (userIds: string[]): Promise<Array<[string, RecipientFacts]>> => {
    const items = await batchGetMixed(
      client,
      tableName,
      userIds.flatMap((userId) => [
        { entity: recipient, key: { userId } },
        { entity: notificationPreferences, key: { userId } },
        ...SCOPES.map((scope) => ({ entity: notifyRestriction, key: { userId, scope } })),
      ]),
    );
    return userIds.map((userId, index) => {
      const [found, preferences, ...restrictions] = items.slice(index * 4, index * 4 + 4) as [
        RecipientItem | undefined,
        PreferencesItem | undefined,
        ...unknown[],
      ];
      return [
        userId,
        {
          recipient: found ? toRecipient(found) : undefined,
          restrictions: new Set(SCOPES.filter((_, i) => restrictions[i] !== undefined)),
          preferences: effectivePreferences(preferences?.choices as PreferenceChoices | undefined),
        },
      ];
    });
  };
  const ofMany = async (userIds: string[]) => {
    const chunks: string[][] = [];
    for (let i = 0; i < userIds.length; i += USERS_PER_BATCH_GET)
      chunks.push(userIds.slice(i, i + USERS_PER_BATCH_GET));
    return new Map((await Promise.all(chunks.map(readChunk))).flat());
  };
  return {
    ofMany,
    async of(userId) {
      return (await ofMany([userId])).get(userId) as RecipientFacts;
    },
  };
};
