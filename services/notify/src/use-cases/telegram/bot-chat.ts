import type { TelegramBotDependencies } from "./telegram-bot-dependencies.ts";

/** The user a chat speaks for, if it is bound to one notify knows. */
export const boundRecipient = async (deps: TelegramBotDependencies, chatId: string) => {
  const binding = await deps.bindings.chatBinding(chatId);
  return binding ? deps.recipients.get(binding.userId) : undefined;
};

/**
 * The bot's answer in a chat. A failed send is logged, not thrown: what the update did (a
 * binding, a forwarded message) stands, and an error would only make Telegram repeat the update.
 */
export const say = async (deps: TelegramBotDependencies, chatId: string, text: string) => {
  try {
    await deps.telegram.send({ chatId, text });
  } catch (error) {
    deps.logger.error("Telegram message not sent", { error: (error as Error).name });
  }
};
