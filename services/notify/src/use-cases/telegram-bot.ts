import { createHash, timingSafeEqual } from "node:crypto";
import type { PlatformConfig } from "../../../../shared/src/config/platform-config.ts";
import { hashLinkToken, newLinkToken } from "../../../../shared/src/crypto/link-token.ts";
import { outboxItem } from "../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import type { ServiceLogger } from "../../../../shared/src/observability/logger.ts";
import {
  type BotRequest,
  botRequestOf,
  incomingUpdateSchema,
  localeOfLanguageCode,
} from "../domain/telegram-update.ts";
import type { Mailer } from "../ports/mailer.ts";
import type { RecipientStore } from "../ports/recipient-store.ts";
import {
  ChatBoundElsewhere,
  NotLinked,
  RecipientNotReady,
  StartTokenUnusable,
  type TelegramBindings,
} from "../ports/telegram-bindings.ts";
import type { TelegramSender } from "../ports/telegram-sender.ts";
import type { Locale } from "../templates/email-templates.ts";
import { telegramTemplates } from "../templates/telegram-templates.ts";

export interface TelegramBotDependencies {
  bindings: TelegramBindings;
  recipients: RecipientStore;
  telegram: TelegramSender;
  mailer: Mailer;
  config: Pick<
    PlatformConfig,
    | "TELEGRAM_BOT_USERNAME"
    | "TELEGRAM_WEBHOOK_SECRET"
    | "TELEGRAM_LINK_TTL_SECONDS"
    | "SUPPORT_EMAIL"
    | "SUPPORT_LOCALE"
    | "APP_BASE_URL"
  >;
  logger: ServiceLogger;
  now: () => Date;
}

/** `POST /v1/me/telegram/link`: a deep link carrying a fresh single-use start token (only its hash is kept). */
export const issueTelegramLink = async (deps: TelegramBotDependencies, userId: string) => {
  const token = newLinkToken();
  const expiresAt = new Date(deps.now().getTime() + deps.config.TELEGRAM_LINK_TTL_SECONDS * 1000);
  await deps.bindings.issueStartToken({ tokenHash: hashLinkToken(token), userId, expiresAt });
  const deepLink = new URL(`https://t.me/${deps.config.TELEGRAM_BOT_USERNAME}`);
  deepLink.searchParams.set("start", token);
  return { deepLink: deepLink.toString(), expiresAt: expiresAt.toISOString() };
};

/** `DELETE /v1/me/telegram`: unbinds the chat; the bot says goodbye in it. */
export const unlinkTelegram = async (deps: TelegramBotDependencies, userId: string) => {
  const now = deps.now();
  let chat: Awaited<ReturnType<TelegramBindings["unbind"]>>;
  try {
    chat = await deps.bindings.unbind({
      userId,
      event: outboxItem({
        type: "TelegramUnlinked",
        now,
        actor: { type: "user", userId },
        data: { userId, unlinkedAt: now.toISOString() },
      }),
    });
  } catch (error) {
    if (error instanceof NotLinked) throw problem.notFound("No Telegram chat is linked to your account.");
    throw error;
  }
  const recipient = await deps.recipients.get(userId);
  await say(deps, chat.chatId, telegramTemplates.chat(recipient?.locale ?? "en").unlinked);
};

/**
 * Whether the request carries the webhook secret. Both sides are hashed first so the comparison
 * takes the same time whatever the lengths; an unset secret accepts nothing.
 */
const carriesWebhookSecret = (expected: string | undefined, given: string | undefined): boolean => {
  if (!expected || given === undefined) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(expected), digest(given));
};

/**
 * `POST /v1/telegram/webhook`. Only Telegram knows the secret header; past that check every
 * update is answered 200 whatever happens to it, because Telegram redelivers an update it got an
 * error for: a malformed or unknown update would come back again and again. What went wrong is
 * logged by kind, never with the update's content (names, messages).
 */
export const handleTelegramWebhook = async (
  deps: TelegramBotDependencies,
  secretHeader: string | undefined,
  body: unknown,
) => {
  if (!carriesWebhookSecret(deps.config.TELEGRAM_WEBHOOK_SECRET, secretHeader)) {
    throw problem.unauthenticated("invalid_token", "The Telegram webhook secret is missing or wrong.");
  }
  const parsed = incomingUpdateSchema.safeParse(body);
  if (!parsed.success) {
    deps.logger.warn("Telegram update ignored", { reason: "malformed_update" });
    return;
  }
  const updateId = parsed.data.update_id;
  try {
    if (!(await deps.bindings.firstDelivery(updateId, deps.now()))) {
      deps.logger.info("Telegram update ignored", { reason: "redelivered", updateId });
      return;
    }
    const request = botRequestOf(parsed.data);
    if (request.kind === "ignored") {
      deps.logger.info("Telegram update ignored", { reason: request.reason, updateId });
      return;
    }
    await (request.kind === "start" ? onStart(deps, request) : onMessage(deps, request));
  } catch (error) {
    deps.logger.error("Telegram update failed", { updateId, error: (error as Error).name });
  }
};

type StartRequest = Extract<BotRequest, { kind: "start" }>;
type MessageRequest = Extract<BotRequest, { kind: "message" }>;

/** `/start <token>` binds the chat; `/start` alone says whether (and to whom) the chat is bound. */
const onStart = async (deps: TelegramBotDependencies, request: StartRequest) => {
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

/** Any other text: a bound chat's message goes to support by email; an unbound chat learns how to link. */
const onMessage = async (deps: TelegramBotDependencies, request: MessageRequest) => {
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

const boundRecipient = async (deps: TelegramBotDependencies, chatId: string) => {
  const binding = await deps.bindings.chatBinding(chatId);
  return binding ? deps.recipients.get(binding.userId) : undefined;
};

/**
 * The bot's answer in a chat. A failed send is logged, not thrown: what the update did (a
 * binding, a forwarded message) stands, and an error would only make Telegram repeat the update.
 */
const say = async (deps: TelegramBotDependencies, chatId: string, text: string) => {
  try {
    await deps.telegram.send({ chatId, text });
  } catch (error) {
    deps.logger.error("Telegram message not sent", { error: (error as Error).name });
  }
};
