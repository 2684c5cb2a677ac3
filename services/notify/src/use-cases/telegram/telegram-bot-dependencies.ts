import type { PlatformConfig } from "../../../../../shared/src/config/platform-config.ts";
import type { ServiceLogger } from "../../../../../shared/src/observability/logger.ts";
import type { Mailer } from "../../ports/mailer.ts";
import type { RecipientStore } from "../../ports/recipient-store.ts";
import type { TelegramBindings } from "../../ports/telegram-bindings.ts";
import type { TelegramSender } from "../../ports/telegram-sender.ts";

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
