import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { telegramTemplates } from "../../templates/telegram-templates.ts";
import { say } from "./bot-chat.ts";
import type { TelegramBotDependencies } from "./telegram-bot-dependencies.ts";

/** `DELETE /v1/me/telegram`: unbinds the chat; the bot says goodbye in it. */
export const unlinkTelegram = async (deps: TelegramBotDependencies, userId: string) => {
  const now = deps.now();
  const unbound = await deps.bindings.unbind({
    userId,
    event: outboxItem({
      type: "TelegramUnlinked",
      now,
      actor: { type: "user", userId },
      data: { userId, unlinkedAt: now.toISOString() },
    }),
  });
  if (!unbound) throw problem.notFound("No Telegram chat is linked to your account.");
  await say(deps, unbound.chat.chatId, telegramTemplates.chat(unbound.recipient.locale).unlinked);
};
