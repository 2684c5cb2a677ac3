import { setTimeout as sleep } from "node:timers/promises";
import { conditionHeld } from "../../../../shared/src/table/conditional-write.ts";
import { defined } from "../../../../shared/src/table/defined.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import { commit, TransactionCancelled } from "../../../../shared/src/table/transactions.ts";
import type { RecipientTelegram } from "../ports/recipient-store.ts";
import {
  ChatBoundElsewhere,
  RecipientNotReady,
  StartTokenUnusable,
  type TelegramBindings,
  UpdateRedelivered,
} from "../ports/telegram-bindings.ts";
import { toRecipient } from "./table-recipient-store.ts";

/** Telegram keeps an unanswered update for 24 hours; remembering ids a little longer covers every redelivery. */
const UPDATE_MEMORY_SECONDS = 26 * 60 * 60;
const updateMemory = (updateId: number, now: Date) => ({
  updateId,
  expiresAt: Math.floor(now.getTime() / 1000) + UPDATE_MEMORY_SECONDS,
});
/** Enough for a few dozen racing writers; a write that keeps losing is an error. */
const MAX_ATTEMPTS = 40;

/** The user's state changed between the read and the write: read again and retry. */
class StaleRead extends Error {}

/** Retries `attempt` when DynamoDB refused a transaction for contention or the state it read moved on. */
const retryingContention = async <T>(attempt: () => Promise<T>): Promise<T> => {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      const contended =
        error instanceof StaleRead ||
        (error instanceof TransactionCancelled && error.conflicted && !error.anyConditionFailed);
      if (!contended || tries >= MAX_ATTEMPTS) throw error;
      // Jitter spreads the retries of writers that lost the same race.
      await sleep(Math.random() * Math.min(100, 5 * tries));
    }
  }
};

const telegramOf = (item: { telegram?: { chatId: string; username?: string; linkedAt: string } } | null) =>
  item?.telegram ? (defined(item.telegram) as RecipientTelegram) : undefined;

export const tableTelegramBindings = (table: TableService): TelegramBindings => {
  const { linkToken, recipient, telegramChat, telegramUpdate } = table.entities;

  return {
    async issueStartToken({ tokenHash, userId, expiresAt }) {
      await linkToken
        .create({ tokenHash, purpose: "telegram-link", userId, expiresAt: Math.floor(expiresAt.getTime() / 1000) })
        .go({ response: "none" });
    },

    async bind({ tokenHash, chat, updateId, now, event }) {
      const nowSeconds = Math.floor(now.getTime() / 1000);
      const { data: token } = await linkToken.get({ tokenHash }).go();
      if (!token?.userId || token.purpose !== "telegram-link" || token.usedAt || token.expiresAt <= nowSeconds) {
        throw new StartTokenUnusable();
      }
      const userId = token.userId;
      const linkedAt = now.toISOString();
      const binding: RecipientTelegram = defined({ ...chat, linkedAt });

      return retryingContention(async () => {
        const { data: current } = await recipient.get({ userId }).go();
        if (!current) throw new RecipientNotReady();
        const previous = telegramOf(current);
        const replacesOtherChat = previous !== undefined && previous.chatId !== chat.chatId;
        await commit(
          table.transaction.write((tx) => [
            // 0: the update is handled once; a redelivery finds it remembered.
            tx.telegramUpdate.create(updateMemory(updateId, now)).commit(),
            // 1: the token works once, for a Telegram link, until it expires.
            tx.linkToken
              .patch({ tokenHash })
              .set({ usedAt: linkedAt })
              .where(
                (attr, op) =>
                  `${op.notExists(attr.usedAt)} AND ${op.eq(attr.purpose, "telegram-link")} AND ${op.gt(attr.expiresAt, nowSeconds)}`,
              )
              .commit(),
            // 2: one user per chat; binding the same chat to the same user again is allowed.
            tx.telegramChat
              .put({ chatId: chat.chatId, userId, linkedAt })
              .where((attr, op) => `${op.notExists(attr.userId)} OR ${op.eq(attr.userId, userId)}`)
              .commit(),
            // 3: the user's side, as read (another bind of the same user may have moved it on).
            tx.recipient
              .patch({ userId })
              .set({ telegram: binding, updatedAt: linkedAt })
              .where((attr, op) =>
                previous ? op.eq(attr.telegram.chatId, previous.chatId) : op.notExists(attr.telegram),
              )
              .commit(),
            // 4: the chat the user had before no longer speaks for them.
            ...(replacesOtherChat
              ? [
                  tx.telegramChat
                    .delete({ chatId: previous.chatId })
                    .where((attr, op) => op.eq(attr.userId, userId))
                    .commit(),
                ]
              : []),
            tx.outboxEvent.create(event(userId)).commit(),
          ]),
          (cancelled) => {
            if (cancelled.failedCondition(0)) return new UpdateRedelivered();
            if (cancelled.failedCondition(1)) return new StartTokenUnusable();
            if (cancelled.failedCondition(2)) return new ChatBoundElsewhere();
            if (cancelled.failedCondition(3) || cancelled.failedCondition(4)) return new StaleRead();
            return undefined;
          },
        );
        const bound = toRecipient({ ...current, telegram: binding });
        return { recipient: bound, ...(replacesOtherChat ? { previous } : {}) };
      });
    },

    async unbind({ userId, event }) {
      return retryingContention(async () => {
        const { data: current } = await recipient.get({ userId }).go();
        const bound = telegramOf(current);
        if (!current || !bound) return undefined;
        await commit(
          table.transaction.write((tx) => [
            tx.recipient
              .patch({ userId })
              .remove(["telegram"])
              .set({ updatedAt: new Date().toISOString() })
              .where((attr, op) => op.eq(attr.telegram.chatId, bound.chatId))
              .commit(),
            tx.telegramChat
              .delete({ chatId: bound.chatId })
              .where((attr, op) => op.eq(attr.userId, userId))
              .commit(),
            tx.outboxEvent.create(event).commit(),
          ]),
          // The binding moved on since it was read: read it again.
          (cancelled) => (cancelled.anyConditionFailed ? new StaleRead() : undefined),
        );
        return { chat: bound, recipient: toRecipient(current) };
      });
    },

    async chatBinding(chatId) {
      const { data } = await telegramChat.get({ chatId }).go();
      return data ? { userId: data.userId, linkedAt: data.linkedAt } : undefined;
    },

    async firstDelivery(updateId, now) {
      return conditionHeld(telegramUpdate.create(updateMemory(updateId, now)).go({ response: "none" }));
    },
  };
};
