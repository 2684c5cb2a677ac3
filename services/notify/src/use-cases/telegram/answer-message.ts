import { type BotRequest, localeOfLanguageCode } from "../../domain/telegram-update.ts";
import { telegramTemplates } from "../../templates/telegram-templates.ts";
import { boundRecipient, say } from "./bot-chat.ts";
import type { TelegramBotDependencies } from "./telegram-bot-dependencies.ts";

/** Any other text: a bound chat's message goes to support by email; an unbound chat learns how to link. */
export const answerMessage = async (
  deps: TelegramBotDependencies,
  request: Extract<BotRequest, { kind: "message" }>,
) => {
  const recipient = await boundRecipient(deps, request.chatId);
  if (!recipient) {
    const texts = telegramTemplates.chat(localeOfLanguageCode(request.languageCode));
    await say(deps, request.chatId, texts.howToLink({ appBaseUrl: deps.config.APP_BASE_URL }));
    return;
  }
  const email = telegramTemplates.supportMessage(deps.config.SUPPORT_LOCALE, {
    fullName: recipient.fullName,
    userId: recipient.userId,
    ...(recipient.email ? { email: recipient.email } : {}),
    ...(request.username ? { username: request.username } : {}),
    chatId: request.chatId,
    text: request.text,
  });
  // To the provider's own support desk, not to a user: a service message no preference holds back.
  await deps.mailer.send({ ...email, to: deps.config.SUPPORT_EMAIL, category: "account" });
  await say(deps, request.chatId, telegramTemplates.chat(recipient.locale).forwarded);
};
