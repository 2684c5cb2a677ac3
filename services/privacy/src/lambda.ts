import { kmsSecretSealer } from "../../../shared/src/aws/kms-secret-sealer.ts";
import { platformConfig } from "../../../shared/src/config/platform-config.ts";
import { createPrivacyApp } from "./app.ts";

/** The privacy service's Lambda: HTTP API routes, its EventBridge consumers, and the scheduled job. */
export const handler = createPrivacyApp({ sealer: kmsSecretSealer(platformConfig().KMS_KEY_ID) }).handler;
