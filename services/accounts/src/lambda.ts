import { platformConfig } from "../../../shared/src/config/platform-config.ts";
import { kmsSecretSealer } from "../../../shared/src/crypto/secret-sealer.ts";
import { createAccountsHandler } from "./app.ts";

export const handler = createAccountsHandler({ sealer: kmsSecretSealer(platformConfig().KMS_KEY_ID) });
