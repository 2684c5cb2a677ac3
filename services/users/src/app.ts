import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { S3Client } from "@aws-sdk/client-s3";
import { ulid } from "ulid";
import { clientOnFirstUse, createDocumentClient } from "../../../shared/src/aws/clients.ts";
import { platformConfig } from "../../../shared/src/config/platform-config.ts";
import type { SecretSealer } from "../../../shared/src/crypto/secret-sealer.ts";
import { tableConsumedEventLedger } from "../../../shared/src/events/consumed-event-ledger.ts";
import { tableIdempotencyStore } from "../../../shared/src/http/idempotency.ts";
import { createServiceHandler } from "../../../shared/src/http/service-handler.ts";
import { cognitoIdentityProvider } from "../../../shared/src/identity/cognito-identity-provider.ts";
import { tableTotpFactors } from "../../../shared/src/mfa/totp-factors.ts";
import { createLogger } from "../../../shared/src/observability/logger.ts";
import { powertoolsBusinessMetrics } from "../../../shared/src/observability/powertools-business-metrics.ts";
import { tableRateLimiter } from "../../../shared/src/rate-limit/fixed-window-limiter.ts";
import { tableLockout } from "../../../shared/src/rate-limit/progressive-lockout.ts";
import { createTableService } from "../../../shared/src/table/entities.ts";
import { privacyPolicyStatus } from "../../privacy/src/contracts/policy-status.ts";
import { cognitoMachineClients } from "./adapters/cognito-machine-clients.ts";
import { openIdClientProviders } from "./adapters/openid-client-providers.ts";
import { s3AvatarStorage } from "./adapters/s3-avatar-storage.ts";
import { tableAvatarRecords } from "./adapters/table-avatar-records.ts";
import { tableExternalIdentities } from "./adapters/table-external-identities.ts";
import { tableIdentityChangeStore } from "./adapters/table-identity-change-store.ts";
import { tablePhoneStore } from "./adapters/table-phone-store.ts";
import { tableSecurityActivityLog } from "./adapters/table-security-activity.ts";
import { tableSessionStore } from "./adapters/table-session-store.ts";
import { tableTelegramProjection } from "./adapters/table-telegram-projection.ts";
import { tableTwoFactorChanges } from "./adapters/table-two-factor-changes.ts";
import { tableUserStore } from "./adapters/table-user-store.ts";
import { usersErasureHandlers } from "./consumers/erasure.ts";
import { usersTelegramHandlers } from "./consumers/telegram.ts";
import { usersPersonalData } from "./contracts/personal-data-provider.ts";
import { usersOperations } from "./handlers/operations.ts";
import { usersRoutes } from "./routes.ts";

/** Adapters that differ between AWS and the local runtime (services without an emulator). */
export interface UsersPlatformAdapters {
  sealer: SecretSealer;
}

/** Wires clients → adapters → use cases once per cold start and returns the Lambda handler. */
export const createUsersHandler = ({ sealer }: UsersPlatformAdapters) => {
  const config = platformConfig();
  const client = createDocumentClient();
  const table = createTableService(client, config.TABLE_NAME);
  const totpFactors = tableTotpFactors(table, sealer);
  const now = () => new Date();
  // One Cognito client for the sign-in provider, the machine clients and the personal data. It and
  // the S3 client are made by the first request that calls them: reading a profile needs neither.
  const cognito = clientOnFirstUse(() => new CognitoIdentityProviderClient({}));
  const avatarStorage = s3AvatarStorage(
    // Checksums only where S3 requires them: a presigned upload must not demand one from the client.
    clientOnFirstUse(
      () => new S3Client({ forcePathStyle: config.S3_FORCE_PATH_STYLE, requestChecksumCalculation: "WHEN_REQUIRED" }),
    ),
    config.AVATAR_BUCKET_NAME,
  );
  const deps = {
    store: tableUserStore(table, client, config.TABLE_NAME),
    phones: tablePhoneStore(table, client, config.TABLE_NAME),
    identityChanges: tableIdentityChangeStore(table, client, config.TABLE_NAME),
    sessions: tableSessionStore(table),
    activity: tableSecurityActivityLog(table),
    totpFactors,
    twoFactor: tableTwoFactorChanges(table),
    totpIssuer: "Tenantry",
    identity: cognitoIdentityProvider(
      { userPoolId: config.USER_POOL_ID, clientId: config.USER_POOL_CLIENT_ID },
      cognito,
    ),
    machineClients: cognitoMachineClients(cognito, config.USER_POOL_ID),
    sealer,
    rateLimiter: tableRateLimiter(table),
    signInLockout: tableLockout(table, {
      freeAttempts: config.SIGN_IN_LOCKOUT_FREE_ATTEMPTS,
      baseSeconds: config.SIGN_IN_LOCKOUT_BASE_SECONDS,
      maxSeconds: config.SIGN_IN_LOCKOUT_MAX_SECONDS,
    }),
    avatarStorage,
    avatarRecords: tableAvatarRecords(table),
    externalIdentities: tableExternalIdentities(table),
    openIdProviders: openIdClientProviders(config.OIDC_PROVIDERS, config.APP_BASE_URL),
    // The privacy service's read-only contract: required policies awaiting the user's acceptance.
    policyStatus: privacyPolicyStatus(table),
    config,
    metrics: powertoolsBusinessMetrics({ serviceName: "users", stage: config.STAGE }),
    now,
    newId: () => ulid(),
  };
  return createServiceHandler({
    routes: usersRoutes,
    operations: usersOperations(deps),
    stepUp: { factors: totpFactors, now },
    consumers: {
      consumer: "users",
      handlers: {
        ...usersErasureHandlers(
          usersPersonalData({
            table,
            userPoolId: config.USER_POOL_ID,
            avatarPublicBaseUrl: config.AVATAR_PUBLIC_BASE_URL,
            avatarStorage,
            cognito,
          }),
          table,
        ),
        ...usersTelegramHandlers(tableTelegramProjection(table)),
      },
      ledger: tableConsumedEventLedger(table),
    },
    idempotency: tableIdempotencyStore(table, sealer),
    rateLimiting: { limiter: deps.rateLimiter, config },
    logger: createLogger("users"),
  });
};
