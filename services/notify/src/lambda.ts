import { kmsSecretSealer } from "../../../shared/src/aws/kms-secret-sealer.ts";
import { onFirstUse } from "../../../shared/src/cold-start/on-first-use.ts";
import { platformConfig } from "../../../shared/src/config/platform-config.ts";
import { botApiTelegramSender } from "./adapters/bot-api-telegram-sender.ts";
import { snsSmsSender } from "./adapters/sns-sms-sender.ts";
import { createNotifyHandler } from "./app.ts";

const config = platformConfig();
if (!config.TELEGRAM_BOT_TOKEN_SECRET_ID)
  throw new Error("Invalid configuration: TELEGRAM_BOT_TOKEN_SECRET_ID is not set");
const tokenSecretId = config.TELEGRAM_BOT_TOKEN_SECRET_ID;

// Text messages are the exception among what notify sends: their SDK clients are made on the
// first SMS or Telegram message (once per cold start), not by every cold start.
const smsSender = onFirstUse(() => snsSmsSender());
const telegramSender = onFirstUse(() => botApiTelegramSender({ tokenSecretId }));

export const handler = createNotifyHandler({
  sealer: kmsSecretSealer(config.KMS_KEY_ID),
  sms: { send: (message) => smsSender().send(message) },
  telegram: { send: (message) => telegramSender().send(message) },
});
