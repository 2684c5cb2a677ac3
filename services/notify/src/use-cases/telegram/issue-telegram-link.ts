import { issueLink } from "../../../../../shared/src/crypto/link-token.ts";
import type { TelegramBotDependencies } from "./telegram-bot-dependencies.ts";

/** `POST /v1/me/telegram/link`: a deep link carrying a fresh single-use start token (only its hash is kept). */
export const issueTelegramLink = async (deps: TelegramBotDependencies, userId: string) => {
  const link = issueLink({
    now: deps.now(),
    ttlMs: deps.config.TELEGRAM_LINK_TTL_SECONDS * 1000,
    page: { base: "https://t.me", path: `/${deps.config.TELEGRAM_BOT_USERNAME}`, parameter: "start" },
  });
  await deps.bindings.issueStartToken({ tokenHash: link.tokenHash, userId, expiresAt: link.expiresAt });
  return { deepLink: link.url ?? "", expiresAt: link.expiresAt.toISOString() };
};
