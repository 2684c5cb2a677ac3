import { kmsSecretSealer } from "../../../shared/src/aws/kms-secret-sealer.ts";
import { platformConfig } from "../../../shared/src/config/platform-config.ts";
import { createAccountsHandler } from "./app.ts";

export const handler = createAccountsHandler({ sealer: kmsSecretSealer(platformConfig().KMS_KEY_ID) });
