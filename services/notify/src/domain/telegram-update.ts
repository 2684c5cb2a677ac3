import type { Chat, Message, Update, User } from "@grammyjs/types";
import * as z from "zod";

/**
 * The part of a Telegram `Update` the support bot reads: a message's chat, sender and text.
 * Everything else Telegram sends (other fields, other update kinds) is allowed and ignored, so a
 * Bot API version adding fields never turns an update into an error.
 */
export type IncomingUpdate = Pick<Update, "update_id"> & {
  message?: Pick<Message, "message_id" | "date" | "text"> & {
    chat: Pick<Chat, "id" | "type">;
    from?: Pick<User, "id" | "is_bot" | "username" | "language_code">;
  };
};

export const incomingUpdateSchema: z.ZodType<IncomingUpdate> = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: z
    .looseObject({
      message_id: z.number().int(),
      date: z.number().int(),
      text: z.string().max(4096).optional(),
      chat: z.looseObject({
        id: z.number().int(),
        type: z.enum(["private", "group", "supergroup", "channel"]),
      }),
      from: z
        .looseObject({
          id: z.number().int(),
          is_bot: z.boolean(),
          username: z.string().max(64).optional(),
          language_code: z.string().max(35).optional(),
        })
        .optional(),
    })
    .optional(),
});

/** `/start`, `/start@bot_name`, each optionally followed by the deep link's parameter. */
const START_COMMAND = /^\/start(?:@[A-Za-z0-9_]+)?(?:\s+(\S+))?\s*$/;

/** What the bot is asked to do by one update. */
export type BotRequest =
  | { kind: "start"; chatId: string; username?: string; languageCode?: string; startToken?: string }
  | { kind: "message"; chatId: string; username?: string; languageCode?: string; text: string }
  | { kind: "ignored"; reason: "no_text_message" | "not_private_chat" | "from_bot" };

/**
 * Reads an update. Only text messages in a private chat with a person concern the support bot:
 * a group could bind a chat many people read, and other bots are no one's support request.
 */
export const botRequestOf = (update: IncomingUpdate): BotRequest => {
  const message = update.message;
  if (message?.text === undefined) return { kind: "ignored", reason: "no_text_message" };
  if (message.chat.type !== "private") return { kind: "ignored", reason: "not_private_chat" };
  if (message.from?.is_bot) return { kind: "ignored", reason: "from_bot" };
  const sender = {
    chatId: String(message.chat.id),
    ...(message.from?.username ? { username: message.from.username } : {}),
    ...(message.from?.language_code ? { languageCode: message.from.language_code } : {}),
  };
  const start = START_COMMAND.exec(message.text.trim());
  if (start) {
    // Any parameter counts as a token to try: one Telegram could not have sent simply matches none.
    return { kind: "start", ...sender, ...(start[1] ? { startToken: start[1] } : {}) };
  }
  return { kind: "message", ...sender, text: message.text };
};

/** The bot's language for a chat no user is bound to: the person's Telegram language when supported. */
export const localeOfLanguageCode = (languageCode: string | undefined): "en" | "ru" | "pl" => {
  const primary = languageCode?.toLowerCase().split("-")[0];
  return primary === "ru" || primary === "pl" ? primary : "en";
};
