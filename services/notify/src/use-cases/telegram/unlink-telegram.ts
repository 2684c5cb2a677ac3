import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { telegramTemplates } from "../../templates/telegram-templates.ts";
import { say } from "./bot-chat.ts";
import type { TelegramBotDependencies } from "./telegram-bot-dependencies.ts";

/** `DELETE /v1/me/telegram`: unbinds the chat; the bot says goodbye in it. */
export const unlinkTelegram = async (deps: TelegramBotDependencies, userId: string) => {
  const now = deps.now();
  const chat = await deps.bindings.unbind({
    userId,
    event: outboxItem({
      type: "TelegramUnlinked",
      now,
      actor: { type: "user", userId },
      data: { userId, unlinkedAt: now.toISOString() },
    }),
  });
  if (!chat) throw problem.notFound("No Telegram chat is linked to your account.");
  const recipient = await deps.recipients.get(userId);
  await say(deps, chat.chatId, telegramTemplates.chat(recipient?.locale ?? "en").unlinked);
};
