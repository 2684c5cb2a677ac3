import { platformConfig } from "../../../shared/src/config/platform-config.ts";
import { kmsSecretSealer } from "../../../shared/src/crypto/secret-sealer.ts";
import { snsSmsSender } from "./adapters/sns-sms-sender.ts";
import { createNotifyHandler } from "./app.ts";

export const handler = createNotifyHandler({
  sealer: kmsSecretSealer(platformConfig().KMS_KEY_ID),
  sms: snsSmsSender(),
});
