import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { Context } from "aws-lambda";
import { monotonicFactory } from "ulid";
import { clientOnFirstUse, createDocumentClient } from "../../../shared/src/aws/clients.ts";
import { platformConfig } from "../../../shared/src/config/platform-config.ts";
import type { SecretSealer } from "../../../shared/src/crypto/secret-sealer.ts";
import { tableConsumedEventLedger } from "../../../shared/src/events/consumed-event-ledger.ts";
import { tableIdempotencyStore } from "../../../shared/src/http/idempotency.ts";
import { createServiceHandler, type ServiceLambdaHandler } from "../../../shared/src/http/service-handler.ts";
import { tableTotpFactors } from "../../../shared/src/mfa/totp-factors.ts";
import { createLogger } from "../../../shared/src/observability/logger.ts";
import { powertoolsBusinessMetrics } from "../../../shared/src/observability/powertools-business-metrics.ts";
import { createBatchLoader } from "../../../shared/src/table/batch-get.ts";
import { createTableService } from "../../../shared/src/table/entities.ts";
import { accountsPersonalData } from "../../accounts/src/contracts/personal-data-provider.ts";
import { dataExportDelivery } from "../../notify/src/contracts/export-delivery.ts";
import { createOutgoingMailer } from "../../notify/src/contracts/outgoing-mailer.ts";
import { notifyPersonalData } from "../../notify/src/contracts/personal-data-provider.ts";
import { usersPersonalData } from "../../users/src/contracts/personal-data-provider.ts";
import { tablePolicyStore } from "./adapters/table-policy-store.ts";
import { tablePrivacyStore } from "./adapters/table-privacy-store.ts";
import { privacyEventHandlers } from "./consumers/handlers.ts";
import { privacyPersonalData } from "./contracts/personal-data-provider.ts";
import { privacyOperations } from "./handlers/operations.ts";
import { privacyRoutes } from "./routes.ts";
import { isPrivacyJobInvocation } from "./schedule.ts";
import type { PrivacyDependencies } from "./use-cases/dependencies.ts";
import type { PrivacyJobReport } from "./use-cases/privacy-job/report.ts";
import { runPrivacyJob } from "./use-cases/privacy-job/run-privacy-job.ts";

/** Time kept back from the Lambda's remaining time so a run ends its last items cleanly. */
const JOB_MARGIN_MS = 10_000;

/** Adapters that differ between AWS and the local runtime: the sealer opens TOTP secrets for step-up. */
export interface PrivacyPlatformAdapters {
  sealer: SecretSealer;
}

export interface PrivacyApp {
  /** The privacy function: HTTP routes, its event consumers and the scheduled job. */
  handler: ServiceLambdaHandler;
  /** One run of the job now (the local runtime's timer and `POST /dev/jobs/privacy` call it). */
  runJob(options?: { dueBy?: Date; budgetMs?: number }): Promise<PrivacyJobReport>;
}

/**
 * Wires the privacy service once per cold start. The other services' personal-data contracts are
 * bundled in read-only (collect, blockers); each service erases its own data when the
 * UserErasureRequested event reaches it. Exports are emailed through notify's delivery contract.
 * The sealer (KMS; a local stand-in) seals the responses kept for Idempotency-Key.
 */
export const createPrivacyApp = ({ sealer }: PrivacyPlatformAdapters): PrivacyApp => {
  const config = platformConfig();
  const client = createDocumentClient();
  const table = createTableService(client, config.TABLE_NAME);
  const logger = createLogger("privacy");
  // The contracts' single-item reads (profiles, factors, recipients...) of the job's concurrent
  // exports go out together: one BatchGetItem per wave instead of one GetItem per item.
  const loader = createBatchLoader(client, config.TABLE_NAME);
  const users = usersPersonalData({
    table,
    userPoolId: config.USER_POOL_ID,
    avatarPublicBaseUrl: config.AVATAR_PUBLIC_BASE_URL,
    // One AdminGetUser per export: the middleware stack is resolved once, not on every send.
    cognito: clientOnFirstUse(() => new CognitoIdentityProviderClient({ cacheMiddleware: true })),
    loader,
  });
  const own = privacyPersonalData(table, loader);
  const deps: PrivacyDependencies = {
    policies: tablePolicyStore(table),
    requests: tablePrivacyStore(table),
    directory: users,
    providers: [users, accountsPersonalData(table, loader), notifyPersonalData(table, loader), own],
    exportDelivery: dataExportDelivery(createOutgoingMailer(config, table, client)),
    config,
    logger,
    metrics: powertoolsBusinessMetrics({ serviceName: "privacy", stage: config.STAGE }),
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    newId: monotonicFactory(),
  };
  const service = createServiceHandler({
    routes: privacyRoutes,
    operations: privacyOperations(deps),
    consumers: {
      consumer: "privacy",
      handlers: privacyEventHandlers(deps, own, table),
      ledger: tableConsumedEventLedger(table),
    },
    idempotency: tableIdempotencyStore(table, sealer),
    stepUp: { factors: tableTotpFactors(table, sealer), now: deps.now },
    logger,
  });
  const runJob: PrivacyApp["runJob"] = ({ dueBy, budgetMs = 60_000 } = {}) =>
    runPrivacyJob(deps, { deadline: Date.now() + budgetMs, ...(dueBy ? { dueBy } : {}) });

  const handler: ServiceLambdaHandler = async (event, context: Context) => {
    if (isPrivacyJobInvocation(event)) {
      await runJob({ budgetMs: Math.max(1000, context.getRemainingTimeInMillis() - JOB_MARGIN_MS) });
      return undefined;
    }
    return service(event, context);
  };
  return { handler, runJob };
};
