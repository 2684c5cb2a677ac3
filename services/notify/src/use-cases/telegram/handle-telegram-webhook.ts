import { createHash, timingSafeEqual } from "node:crypto";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { botRequestOf, incomingUpdateSchema } from "../../domain/telegram-update.ts";
import { answerMessage } from "./answer-message.ts";
import { answerStart } from "./answer-start.ts";
import type { TelegramBotDependencies } from "./telegram-bot-dependencies.ts";

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
    const request = botRequestOf(parsed.data);
    // Binding a chat remembers the update in its own transaction; every other update is remembered first.
    const bindsChat = request.kind === "start" && request.startToken !== undefined;
    if (!bindsChat && !(await deps.bindings.firstDelivery(updateId, deps.now()))) {
      deps.logger.info("Telegram update ignored", { reason: "redelivered", updateId });
      return;
    }
    if (request.kind === "ignored") {
      deps.logger.info("Telegram update ignored", { reason: request.reason, updateId });
      return;
    }
    await (request.kind === "start" ? answerStart(deps, request, updateId) : answerMessage(deps, request));
  } catch (error) {
    deps.logger.error("Telegram update failed", { updateId, error: (error as Error).name });
  }
};
