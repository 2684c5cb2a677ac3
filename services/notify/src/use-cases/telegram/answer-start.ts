import { hashLinkToken } from "../../../../../shared/src/crypto/link-token.ts";
import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { type BotRequest, localeOfLanguageCode } from "../../domain/telegram-update.ts";
import { ChatBoundElsewhere, RecipientNotReady, StartTokenUnusable } from "../../ports/telegram-bindings.ts";
import type { Locale } from "../../templates/email-templates.ts";
import { telegramTemplates } from "../../templates/telegram-templates.ts";
import { boundRecipient, say } from "./bot-chat.ts";
import type { TelegramBotDependencies } from "./telegram-bot-dependencies.ts";

/** `/start <token>` binds the chat; `/start` alone says whether (and to whom) the chat is bound. */
export const answerStart = async (deps: TelegramBotDependencies, request: Extract<BotRequest, { kind: "start" }>) => {
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
  // The bindings refuse with the domain errors of their port; each has its answer in the chat.
  try {
    const { userId, previous } = await deps.bindings.bind({
      tokenHash: hashLinkToken(request.startToken),
      chat: { chatId: request.chatId, ...(request.username ? { username: request.username } : {}) },
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
    const recipient = await deps.recipients.get(userId);
    const locale: Locale = recipient?.locale ?? senderLocale;
    await say(deps, request.chatId, telegramTemplates.chat(locale).linked({ fullName: recipient?.fullName ?? "" }));
    if (previous) await say(deps, previous.chatId, telegramTemplates.chat(locale).unlinked);
  } catch (error) {
    if (error instanceof StartTokenUnusable) return say(deps, request.chatId, texts.linkUnusable);
    if (error instanceof ChatBoundElsewhere) return say(deps, request.chatId, texts.chatBoundElsewhere);
    if (error instanceof RecipientNotReady) return say(deps, request.chatId, texts.notReady);
    throw error;
  }
};
