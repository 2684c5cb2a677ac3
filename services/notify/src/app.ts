import { createDocumentClient } from "../../../shared/src/aws/clients.ts";
import { platformConfig } from "../../../shared/src/config/platform-config.ts";
import type { SecretSealer } from "../../../shared/src/crypto/secret-sealer.ts";
import { tableConsumedEventLedger } from "../../../shared/src/events/consumed-event-ledger.ts";
import { createServiceHandler } from "../../../shared/src/http/service-handler.ts";
import { createLogger } from "../../../shared/src/observability/logger.ts";
import { createTableService } from "../../../shared/src/table/entities.ts";
import { tableRecipientStore } from "./adapters/table-recipient-store.ts";
import { tableRestrictionStore } from "./adapters/table-restriction-store.ts";
import { notifyErasureHandlers } from "./consumers/erasure.ts";
import { notifyEventHandlers } from "./consumers/handlers.ts";
import { notifyPhoneHandlers } from "./consumers/phone.ts";
import { notifyPrivacyHandlers } from "./consumers/privacy.ts";
import { createOutgoingMailer } from "./outgoing-mailer.ts";
import type { SmsSender } from "./ports/sms-sender.ts";
import type { TelegramSender } from "./ports/telegram-sender.ts";
import { notifyRoutes } from "./routes.ts";

export interface NotifyPlatformAdapters {
  sealer: SecretSealer;
  /** Amazon SNS in AWS; the dev outbox locally (SNS SMS has no emulator). */
  sms: SmsSender;
  /**
   * The Telegram channel: the Bot API in AWS, the dev outbox locally. Until an adapter is passed
   * here, the delivery decision never picks Telegram (it is not reachable).
   */
  telegram?: TelegramSender;
}

/** Wires the notify service once per cold start: SES mailer, recipient projection, event consumers. */
export const createNotifyHandler = ({ sealer, sms, telegram }: NotifyPlatformAdapters) => {
  const config = platformConfig();
  const client = createDocumentClient();
  const table = createTableService(client, config.TABLE_NAME);
  const deps = {
    mailer: createOutgoingMailer(config, table, client, { sms, ...(telegram ? { telegram } : {}) }),
    sealer,
    recipients: tableRecipientStore(table),
    restrictions: tableRestrictionStore(table),
    appBaseUrl: config.APP_BASE_URL,
    now: () => new Date(),
  };
  return createServiceHandler({
    routes: notifyRoutes,
    operations: {},
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
    logger: createLogger("notify"),
  });
};
