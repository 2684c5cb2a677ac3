import { hashLinkToken } from "../../../../../shared/src/crypto/link-token.ts";
import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { type BotRequest, localeOfLanguageCode } from "../../domain/telegram-update.ts";
import {
  ChatBoundElsewhere,
  RecipientNotReady,
  StartTokenUnusable,
  UpdateRedelivered,
} from "../../ports/telegram-bindings.ts";
import { telegramTemplates } from "../../templates/telegram-templates.ts";
import { boundRecipient, say } from "./bot-chat.ts";
import type { TelegramBotDependencies } from "./telegram-bot-dependencies.ts";

/**
 * `/start <token>` binds the chat; `/start` alone says whether (and to whom) the chat is bound.
 * A binding remembers `updateId` in its transaction; a refusal remembers it before answering, so a
 * redelivered update is answered once either way.
 */
export const answerStart = async (
  deps: TelegramBotDependencies,
  request: Extract<BotRequest, { kind: "start" }>,
  updateId: number,
) => {
  const senderLocale = localeOfLanguageCode(request.languageCode);
  const texts = telegramTemplates.chat(senderLocale);
  if (request.startToken === undefined) {
    const bound = await boundRecipient(deps, request.chatId);
    await say(
      deps,
      request.chatId,
      bound
        ? telegramTemplates.chat(bound.locale).alreadyLinked(bound)
        : texts.howToLink({ appBaseUrl: deps.config.APP_BASE_URL }),
    );
    return;
  }
  const now = deps.now();
  const refuse = async (text: string) => {
    if (await deps.bindings.firstDelivery(updateId, now)) return say(deps, request.chatId, text);
    deps.logger.info("Telegram update ignored", { reason: "redelivered", updateId });
  };
  // The bindings refuse with the domain errors of their port; each has its answer in the chat.
  try {
    const { recipient, previous } = await deps.bindings.bind({
      tokenHash: hashLinkToken(request.startToken),
      chat: { chatId: request.chatId, ...(request.username ? { username: request.username } : {}) },
      updateId,
      now,
      event: (boundUserId) =>
        outboxItem({
          type: "TelegramLinked",
          now,
          actor: { type: "user", userId: boundUserId },
          data: {
            userId: boundUserId,
            ...(request.username ? { username: request.username } : {}),
            linkedAt: now.toISOString(),
          },
        }),
    });
    const chat = telegramTemplates.chat(recipient.locale);
    await say(deps, request.chatId, chat.linked({ fullName: recipient.fullName }));
    if (previous) await say(deps, previous.chatId, chat.unlinked);
  } catch (error) {
    if (error instanceof UpdateRedelivered) {
      deps.logger.info("Telegram update ignored", { reason: "redelivered", updateId });
      return;
    }
    if (error instanceof StartTokenUnusable) return refuse(texts.linkUnusable);
    if (error instanceof ChatBoundElsewhere) return refuse(texts.chatBoundElsewhere);
    if (error instanceof RecipientNotReady) return refuse(texts.notReady);
    throw error;
  }
};
