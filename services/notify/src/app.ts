import { monotonicFactory } from "ulid";
import { createDocumentClient } from "../../../shared/src/aws/clients.ts";
import { platformConfig } from "../../../shared/src/config/platform-config.ts";
import type { SecretSealer } from "../../../shared/src/crypto/secret-sealer.ts";
import { tableConsumedEventLedger } from "../../../shared/src/events/consumed-event-ledger.ts";
import { tableIdempotencyStore } from "../../../shared/src/http/idempotency.ts";
import { createServiceHandler } from "../../../shared/src/http/service-handler.ts";
import { createLogger } from "../../../shared/src/observability/logger.ts";
import { createTableService } from "../../../shared/src/table/entities.ts";
import { tableBroadcastStore } from "./adapters/table-broadcast-store.ts";
import { tablePreferenceStore } from "./adapters/table-preference-store.ts";
import { tableRecipientStandings } from "./adapters/table-recipient-standings.ts";
import { tableRecipientStore } from "./adapters/table-recipient-store.ts";
import { tableRestrictionStore } from "./adapters/table-restriction-store.ts";
import { tableTelegramBindings } from "./adapters/table-telegram-bindings.ts";
import { notifyBroadcastHandlers } from "./consumers/broadcasts.ts";
import { notifyErasureHandlers } from "./consumers/erasure.ts";
import { notifyEventHandlers } from "./consumers/handlers.ts";
import { notifyPhoneHandlers } from "./consumers/phone.ts";
import { notifyPrivacyHandlers } from "./consumers/privacy.ts";
import { outgoingSenders } from "./contracts/outgoing-mailer.ts";
import { notifyOperations } from "./handlers/operations.ts";
import type { SmsSender } from "./ports/sms-sender.ts";
import type { TelegramSender } from "./ports/telegram-sender.ts";
import { notifyRoutes } from "./routes.ts";
import { policedMailer } from "./use-cases/delivery/policed-mailer.ts";
import { unsubscribeTokens } from "./use-cases/preferences/unsubscribe-tokens.ts";

/** Subscribers per broadcast batch: one index page; a batch stays well inside one invocation. */
const BROADCAST_BATCH_SIZE = 100;

export interface NotifyPlatformAdapters {
  sealer: SecretSealer;
  /** Amazon SNS in AWS; the dev outbox locally (SNS SMS has no emulator). */
  sms: SmsSender;
  /** The Telegram Bot API in AWS; the dev outbox locally (Telegram has no emulator). */
  telegram: TelegramSender;
}

/**
 * Wires the notify service once per cold start: the channels behind the delivery policy, the
 * recipient projection, preferences, broadcasts and event consumers.
 */
export const createNotifyHandler = ({ sealer, sms, telegram }: NotifyPlatformAdapters) => {
  const config = platformConfig();
  const client = createDocumentClient();
  const table = createTableService(client, config.TABLE_NAME);
  const senders = outgoingSenders(config, { sms, telegram });
  const standings = tableRecipientStandings(table, client, config.TABLE_NAME);
  const deps = {
    mailer: policedMailer(senders, standings),
    senders,
    standings,
    sealer,
    recipients: tableRecipientStore(table),
    restrictions: tableRestrictionStore(table),
    preferences: tablePreferenceStore(table, client, config.TABLE_NAME),
    broadcasts: tableBroadcastStore(table),
    unsubscribeTokens: unsubscribeTokens(config.CURSOR_SIGNING_KEY),
    batchSize: BROADCAST_BATCH_SIZE,
    appBaseUrl: config.APP_BASE_URL,
    now: () => new Date(),
    newId: monotonicFactory(),
  };
  const logger = createLogger("notify");
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
    operations: notifyOperations({ ...deps, ...telegramBot }),
    idempotency: tableIdempotencyStore(table, sealer),
    consumers: {
      consumer: "notify",
      handlers: {
        ...notifyEventHandlers(deps),
        ...notifyPrivacyHandlers(deps),
        ...notifyPhoneHandlers(deps),
        ...notifyErasureHandlers(table),
        ...notifyBroadcastHandlers(deps),
      },
      ledger: tableConsumedEventLedger(table),
    },
    logger,
  });
};
