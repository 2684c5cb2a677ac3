import type { OutboxEntry } from "../../../../shared/src/events/outbox.ts";
import type { Recipient, RecipientTelegram } from "./recipient-store.ts";

/** The start token is unknown, used, expired, or not a Telegram link. */
export class StartTokenUnusable extends Error {
  override name = "StartTokenUnusable";
}

/** The chat is bound to another user: they unlink it first (one chat, one user). */
export class ChatBoundElsewhere extends Error {
  override name = "ChatBoundElsewhere";
}

/** Notify has no recipient copy of the token's user yet (its sign-up event is still on the way). */
export class RecipientNotReady extends Error {
  override name = "RecipientNotReady";
}

/** The update was handled before: Telegram delivered it again. */
export class UpdateRedelivered extends Error {
  override name = "UpdateRedelivered";
}

/** Who a chat is bound to. */
export interface ChatBinding {
  userId: string;
  linkedAt: string;
}

/**
 * Telegram bindings: the user's side (`recipient.telegram`), the chat's side (one user per chat)
 * and the single-use start tokens of deep links. Every change is one transaction with its event.
 */
export interface TelegramBindings {
  /** Stores a start token (its hash) for `userId`, working until `expiresAt`. */
  issueStartToken(input: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void>;
  /**
   * Spends the start token and binds the chat to its user, replacing the user's previous chat, and
   * remembers `updateId` in the same transaction (see {@link firstDelivery}). Throws
   * {@link StartTokenUnusable}, {@link ChatBoundElsewhere}, {@link RecipientNotReady} or
   * {@link UpdateRedelivered}; `event` builds the outbox entry for the user it binds. Returns the
   * recipient as bound (the greeting's name and locale) and the chat it replaced.
   */
  bind(input: {
    tokenHash: string;
    chat: Omit<RecipientTelegram, "linkedAt">;
    updateId: number;
    now: Date;
    event: (userId: string) => OutboxEntry;
  }): Promise<{ recipient: Recipient; previous?: RecipientTelegram }>;
  /**
   * Unbinds the user's chat, returning it with the recipient as read (the goodbye's locale);
   * `undefined` when the user has none bound.
   */
  unbind(input: {
    userId: string;
    event: OutboxEntry;
  }): Promise<{ chat: RecipientTelegram; recipient: Recipient } | undefined>;
  /** Who the chat is bound to, if anyone. */
  chatBinding(chatId: string): Promise<ChatBinding | undefined>;
  /** True the first time an update id is seen (Telegram redelivers updates it got no answer for). */
  firstDelivery(updateId: number, now: Date): Promise<boolean>;
}
