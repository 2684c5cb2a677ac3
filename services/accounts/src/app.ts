import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { ulid } from "ulid";
import { createAccessTokenVerifier } from "../../../shared/src/auth/access-token-verifier.ts";
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
import { createBatchLoader } from "../../../shared/src/table/batch-get.ts";
import { createTableService } from "../../../shared/src/table/entities.ts";
import { tableAccessFacts } from "./adapters/dynamodb/access-facts.ts";
import { tableAccountStore } from "./adapters/dynamodb/account-store.ts";
import { tableHierarchyStore } from "./adapters/dynamodb/hierarchy-store.ts";
import { tableIdentityDirectory } from "./adapters/dynamodb/identity-directory.ts";
import { tableInvitationStore } from "./adapters/dynamodb/invitation-store.ts";
import { tableMemberStore } from "./adapters/dynamodb/member-store.ts";
import { tableResourceStore } from "./adapters/dynamodb/resource-store.ts";
import { tableSupportAudit } from "./adapters/dynamodb/support-audit.ts";
import { accountsErasureHandlers } from "./consumers/erasure.ts";
import { accountsEventHandlers } from "./consumers/handlers.ts";
import { accountsOperations } from "./handlers/operations.ts";
import { accountsRoutes } from "./routes.ts";
import type { AccountsDependencies } from "./use-cases/dependencies.ts";

export interface AccountsPlatformAdapters {
  sealer: SecretSealer;
}

/** Wires the accounts service once per cold start and returns its Lambda handler. */
export const createAccountsHandler = ({ sealer }: AccountsPlatformAdapters) => {
  const config = platformConfig();
  const client = createDocumentClient();
  const table = createTableService(client, config.TABLE_NAME);
  const accounts = tableAccountStore(table, client, config.TABLE_NAME);
  const members = tableMemberStore(table, client, config.TABLE_NAME);
  const resources = tableResourceStore(table, client, config.TABLE_NAME);
  const deps: AccountsDependencies = {
    accounts,
    members,
    resources,
    hierarchy: tableHierarchyStore(table),
    access: tableAccessFacts(table, client, config.TABLE_NAME, { accounts, members, resources }),
    identities: tableIdentityDirectory(table),
    invitations: tableInvitationStore(table, client, config.TABLE_NAME),
    supportAudit: tableSupportAudit(table),
    rateLimiter: tableRateLimiter(table),
    verifyAccessToken: createAccessTokenVerifier({ issuer: config.JWT_ISSUER, clientId: config.USER_POOL_CLIENT_ID }),
    // Cognito is called by the few routes that create or look up users: its client is made by the first.
    identity: cognitoIdentityProvider(
      { userPoolId: config.USER_POOL_ID, clientId: config.USER_POOL_CLIENT_ID },
      clientOnFirstUse(() => new CognitoIdentityProviderClient({})),
    ),
    sealer,
    config,
    metrics: powertoolsBusinessMetrics({ serviceName: "accounts", stage: config.STAGE }),
    now: () => new Date(),
    newId: () => ulid(),
  };
  return createServiceHandler({
    routes: accountsRoutes,
    operations: accountsOperations(deps),
    consumers: {
      consumer: "accounts",
      handlers: {
        ...accountsEventHandlers(deps),
        ...accountsErasureHandlers(table, createBatchLoader(client, config.TABLE_NAME)),
      },
      ledger: tableConsumedEventLedger(table),
    },
    idempotency: tableIdempotencyStore(table, sealer),
    rateLimiting: { limiter: deps.rateLimiter, config },
    stepUp: { factors: tableTotpFactors(table, sealer), now: deps.now },
    logger: createLogger("accounts"),
  });
};
