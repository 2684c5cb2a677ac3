import { kmsSecretSealer } from "../../../shared/src/aws/kms-secret-sealer.ts";
import { platformConfig } from "../../../shared/src/config/platform-config.ts";
import { botApiTelegramSender } from "./adapters/bot-api-telegram-sender.ts";
import { snsSmsSender } from "./adapters/sns-sms-sender.ts";
import { createNotifyHandler } from "./app.ts";

const config = platformConfig();
if (!config.TELEGRAM_BOT_TOKEN_SECRET_ID)
  throw new Error("Invalid configuration: TELEGRAM_BOT_TOKEN_SECRET_ID is not set");

export const handler = createNotifyHandler({
  sealer: kmsSecretSealer(config.KMS_KEY_ID),
  sms: snsSmsSender(),
  telegram: botApiTelegramSender({ tokenSecretId: config.TELEGRAM_BOT_TOKEN_SECRET_ID }),
});
