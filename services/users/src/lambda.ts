import { kmsSecretSealer } from "../../../shared/src/aws/kms-secret-sealer.ts";
import { platformConfig } from "../../../shared/src/config/platform-config.ts";
import { createUsersHandler } from "./app.ts";

export const handler = createUsersHandler({ sealer: kmsSecretSealer(platformConfig().KMS_KEY_ID) });
