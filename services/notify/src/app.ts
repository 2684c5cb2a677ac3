import { createDocumentClient } from "../../../shared/src/aws/clients.ts";
import { platformConfig } from "../../../shared/src/config/platform-config.ts";
import type { SecretSealer } from "../../../shared/src/crypto/secret-sealer.ts";
import { tableConsumedEventLedger } from "../../../shared/src/events/consumed-event-ledger.ts";
import { createServiceHandler } from "../../../shared/src/http/service-handler.ts";
import { createLogger } from "../../../shared/src/observability/logger.ts";
import { createTableService } from "../../../shared/src/table/entities.ts";
import { tableRecipientStore } from "./adapters/table-recipient-store.ts";
import { tableRestrictionStore } from "./adapters/table-restriction-store.ts";
import { tableTelegramBindings } from "./adapters/table-telegram-bindings.ts";
import { notifyErasureHandlers } from "./consumers/erasure.ts";
import { notifyEventHandlers } from "./consumers/handlers.ts";
import { notifyPhoneHandlers } from "./consumers/phone.ts";
import { notifyPrivacyHandlers } from "./consumers/privacy.ts";
import { notifyOperations } from "./handlers/operations.ts";
import { createOutgoingMailer } from "./outgoing-mailer.ts";
import type { SmsSender } from "./ports/sms-sender.ts";
import type { TelegramSender } from "./ports/telegram-sender.ts";
import { notifyRoutes } from "./routes.ts";

export interface NotifyPlatformAdapters {
  sealer: SecretSealer;
  /** Amazon SNS in AWS; the dev outbox locally (SNS SMS has no emulator). */
  sms: SmsSender;
  /** The Telegram Bot API in AWS; the dev outbox locally (Telegram has no emulator). */
  telegram: TelegramSender;
}

/** Wires the notify service once per cold start: SES mailer, recipient projection, event consumers. */
export const createNotifyHandler = ({ sealer, sms, telegram }: NotifyPlatformAdapters) => {
  const config = platformConfig();
  const logger = createLogger("notify");
  const table = createTableService(createDocumentClient(), config.TABLE_NAME);
  const deps = {
    mailer: createOutgoingMailer(config, table),
    sealer,
    sms,
    recipients: tableRecipientStore(table),
    restrictions: tableRestrictionStore(table),
    appBaseUrl: config.APP_BASE_URL,
    now: () => new Date(),
  };
  const telegramBot = {
    bindings: tableTelegramBindings(table),
    recipients: deps.recipients,
    telegram,
    mailer: deps.mailer,
    config,
    logger,
    now: deps.now,
  };
  return createServiceHandler({
    routes: notifyRoutes,
    operations: notifyOperations(telegramBot),
    consumers: {
      consumer: "notify",
      handlers: {
        ...notifyEventHandlers(deps),
        ...notifyPrivacyHandlers(deps),
        ...notifyPhoneHandlers(deps),
        ...notifyErasureHandlers(table),
      },
      ledger: tableConsumedEventLedger(table),
    },
    logger,
  });
};
