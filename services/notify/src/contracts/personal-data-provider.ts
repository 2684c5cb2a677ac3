import { allPages, deleteItems } from "../../../../shared/src/privacy/delete-items.ts";
import type { PersonalDataProvider } from "../../../../shared/src/privacy/personal-data.ts";
import type { BatchLoader } from "../../../../shared/src/table/batch-get.ts";
import { conditionHeld } from "../../../../shared/src/table/conditional-write.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import {
  CHANNELS,
  effectivePreferences,
  MESSAGE_CATEGORIES,
  type PreferenceChoices,
} from "../domain/notification-preferences.ts";

/**
 * What the notify service holds about a person: how to reach them (its recipient copy, with the
 * linked Telegram chat), their notification preferences and the restrictions it honours. Reads
 * only the notify service's items. With a `loader` (the privacy job's), the single-item reads of
 * concurrent exports go out together as BatchGetItem calls.
 */
export const notifyPersonalData = (table: TableService, loader?: BatchLoader): PersonalDataProvider => {
  const { recipient, notifyRestriction, notificationPreferences, newsSubscriber, telegramChat } = table.entities;
  type RecipientItem = Awaited<ReturnType<ReturnType<typeof recipient.get>["go"]>>["data"];
  type PreferencesItem = Awaited<ReturnType<ReturnType<typeof notificationPreferences.get>["go"]>>["data"];
  const recipientOf = async (userId: string) =>
    loader
      ? ((await loader.load(recipient, { userId })) as RecipientItem | undefined)
      : (await recipient.get({ userId }).go()).data;
  const preferencesOf = async (userId: string) =>
    loader
      ? ((await loader.load(notificationPreferences, { userId })) as PreferencesItem | undefined)
      : (await notificationPreferences.get({ userId }).go()).data;
  const restrictionsOf = (userId: string) =>
    allPages((cursor) => notifyRestriction.query.byUser({ userId }).go({ cursor }));
  /** Through the job's loader, one Query of the user's partition with the other providers' questions. */
  const restrictionsToExport = (userId: string) =>
    loader ? loader.query(notifyRestriction, notifyRestriction.query.byUser({ userId })) : restrictionsOf(userId);

  return {
    service: "notify",

    async collect(userId) {
      const [found, restrictions, preferences] = await Promise.all([
        recipientOf(userId),
        restrictionsToExport(userId),
        preferencesOf(userId),
      ]);
      const chosen = effectivePreferences(preferences?.choices as PreferenceChoices | undefined);
      return [
        {
          section: "notification_recipient",
          rows: found
            ? [
                {
                  email: found.email ?? null,
                  fullName: found.fullName,
                  locale: found.locale,
                  phone: found.phone ?? null,
                  phoneStatus: found.phoneStatus ?? null,
                  updatedAt: found.updatedAt,
                },
              ]
            : [],
        },
        {
          // Every category and channel, defaults included: what notify will do for this person.
          section: "notification_preferences",
          rows: MESSAGE_CATEGORIES.flatMap((category) =>
            CHANNELS.map((channel) => ({
              category,
              channel,
              enabled: chosen[category][channel],
              chosen: preferences?.choices?.[category]?.[channel] !== undefined,
              updatedAt: preferences?.updatedAt ?? null,
            })),
          ),
        },
        {
          section: "telegram_binding",
          rows: found?.telegram
            ? [
                {
                  chatId: found.telegram.chatId,
                  username: found.telegram.username ?? null,
                  linkedAt: found.telegram.linkedAt,
                },
              ]
            : [],
        },
        {
          section: "notification_restrictions",
          rows: restrictions.map((r) => ({ scope: r.scope, since: r.since })),
        },
      ];
    },

    async erasureBlockers() {
      return [];
    },

    async erase(userId) {
      const [restrictions, { data: found }] = await Promise.all([
        restrictionsOf(userId),
        recipient.get({ userId }).go(),
      ]);
      // The chat's side of the binding lives outside the user's partition; it goes first, and only
      // while it still names this user (the chat may have been bound to someone else since).
      const boundChat = found?.telegram?.chatId;
      const chatErased =
        boundChat !== undefined &&
        (await conditionHeld(
          telegramChat
            .delete({ chatId: boundChat })
            .where((attr, op) => op.eq(attr.userId, userId))
            .go({ response: "none" }),
        ));
      const erased = await deleteItems(
        notifyRestriction,
        restrictions.map(({ scope }) => ({ userId, scope })),
      );
      return (
        (chatErased ? 1 : 0) +
        erased +
        (await deleteItems(newsSubscriber, [{ userId }])) +
        (await deleteItems(notificationPreferences, [{ userId }])) +
        (await deleteItems(recipient, [{ userId }]))
      );
    },
  };
};
