import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { serviceCatalog } from "../services/catalog.ts";
import { DOCS_SITE_DIR } from "../services/docs/build/docs-site.ts";
import { createDocsHandler } from "../services/docs/src/app.ts";
import { redirectUriOf } from "../services/users/src/adapters/openid-client-providers.ts";
import { tableExternalIdentities } from "../services/users/src/adapters/table-external-identities.ts";
import { createAuthChallengeHandler } from "../services/users/src/triggers/auth-challenge.ts";
import { createAccessTokenVerifier } from "../shared/src/auth/access-token-verifier.ts";
import { createMachineTokenVerifier, machineAuthorizerContext } from "../shared/src/auth/machine-token-verifier.ts";
import { createDocumentClient } from "../shared/src/aws/clients.ts";
import type { ServiceName } from "../shared/src/events/registry.ts";
import type { ServiceLambdaHandler } from "../shared/src/http/service-handler.ts";
import { createTableService } from "../shared/src/table/entities.ts";
import { localSecretSealer } from "./adapters/local-secret-sealer.ts";
import { localSmsSender } from "./adapters/local-sms-sender.ts";
import { localTelegramSender } from "./adapters/local-telegram-sender.ts";
import { prepareDataDirectory, writeDataLayoutMarker } from "./data-directory.ts";
import { readOutbox, renderOutboxPage } from "./dev-outbox.ts";
import { type EmulatorExit, startEmulators } from "./emulators.ts";
import { createLocalBus, startStreamRelay } from "./event-path.ts";
import { createHttpServer } from "./http-server.ts";
import { type LocalFunction, startLambdaEndpoint } from "./lambda-endpoint.ts";
import type { LocalConfig } from "./local-config.ts";
import { LOCAL_OPENID_CLIENT, LOCAL_OPENID_PROVIDER_ID } from "./openid-provider.ts";
import { privacyJobEndpoint, startPrivacySchedule } from "./privacy-job.ts";
import { LOCAL_AUTH_CHALLENGE_FUNCTION, provision, writeCognitoLocalConfig } from "./provision.ts";
import { S3RVER_CREDENTIALS } from "./s3-emulator.ts";

/** The webhook secret of `npm start` unless `TELEGRAM_WEBHOOK_SECRET` is set (README: Telegram support bot). */
export const LOCAL_TELEGRAM_WEBHOOK_SECRET = "local-telegram-webhook-secret";

export interface RunningPlatform {
  apiUrl: string;
  endpoints: { dynamodb: string; cognito: string; ses: string; s3: string; openid: string };
  resources: { tableName: string; userPoolId: string; userPoolClientId: string; avatarBucketName: string };
  deadLetters: unknown[];
  /** From now on the health route answers from the service instead of `starting` (503). */
  markReady(): void;
  stop(): Promise<void>;
}

/**
 * Brings the whole platform up on this machine: emulators, provisioning from the shared
 * definitions, the four service handlers with local adapters where no emulator exists, the
 * event path and the HTTP API. Its health route says `starting` until the caller, done with
 * whatever else it sets up (the demo seed), calls `markReady`.
 */
export const startPlatform = async (
  config: LocalConfig,
  { log = console.log, onEmulatorExit }: { log?: (line: string) => void; onEmulatorExit: (exit: EmulatorExit) => void },
): Promise<RunningPlatform> => {
  prepareDataDirectory(config.dataDir);
  // The other emulators accept any credentials; s3rver knows only its own key pair.
  Object.assign(process.env, {
    AWS_REGION: process.env.AWS_REGION ?? "us-east-1",
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
  });
  const apiUrl = `http://localhost:${config.PORT}`;
  const appBaseUrl = process.env.APP_BASE_URL ?? apiUrl;
  const lambdaEndpoint = `http://127.0.0.1:${config.LAMBDA_PORT}`;
  writeCognitoLocalConfig(config.dataDir, lambdaEndpoint);
  const emulators = await startEmulators(config, {
    log,
    onUnexpectedExit: onEmulatorExit,
    openIdRedirectUris: [redirectUriOf(appBaseUrl, LOCAL_OPENID_PROVIDER_ID)],
  });
  try {
    const resources = await provision(config.dataDir, emulators.endpoints, S3RVER_CREDENTIALS);
    writeDataLayoutMarker(config.dataDir);
    // The services read their configuration and SDK endpoints from the environment, as on Lambda.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: emulators.endpoints.dynamodb,
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: emulators.endpoints.dynamodb,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: emulators.endpoints.cognito,
      AWS_ENDPOINT_URL_SESV2: emulators.endpoints.ses,
      AWS_ENDPOINT_URL_S3: emulators.endpoints.s3,
      S3_FORCE_PATH_STYLE: "true",
      AVATAR_BUCKET_NAME: resources.avatarBucketName,
      // s3rver serves the bucket's objects to anyone, as CloudFront serves published avatars in AWS.
      AVATAR_PUBLIC_BASE_URL: `${emulators.endpoints.s3}/${resources.avatarBucketName}`,
      STAGE: "local",
      TABLE_NAME: resources.tableName,
      USER_POOL_ID: resources.userPoolId,
      USER_POOL_CLIENT_ID: resources.userPoolClientId,
      JWT_ISSUER: `${emulators.endpoints.cognito}/${resources.userPoolId}`,
      // cognito-local serves the token endpoint at its root; in AWS it is the user pool domain's.
      MACHINE_TOKEN_URL: `${emulators.endpoints.cognito}/oauth2/token`,
      KMS_KEY_ID: "local",
      // A fresh key per start: cursors are short-lived, and one from before a restart is a clean 400.
      CURSOR_SIGNING_KEY: process.env.CURSOR_SIGNING_KEY ?? randomBytes(32).toString("base64url"),
      EMAIL_DELIVERY: config.EMAIL_DELIVERY,
      APP_BASE_URL: appBaseUrl,
      // Telegram cannot reach a local machine: a developer (or a test) posts updates with this secret.
      TELEGRAM_WEBHOOK_SECRET: process.env.TELEGRAM_WEBHOOK_SECRET ?? LOCAL_TELEGRAM_WEBHOOK_SECRET,
      // The local OpenID provider as the stage's one external sign-in provider.
      OIDC_PROVIDERS: JSON.stringify([
        {
          id: LOCAL_OPENID_PROVIDER_ID,
          displayName: "Local OpenID provider",
          issuer: emulators.endpoints.openid,
          clientId: LOCAL_OPENID_CLIENT.clientId,
          clientSecret: LOCAL_OPENID_CLIENT.clientSecret,
          signUpAllowed: true,
          emailAuthoritative: true,
        },
      ]),
      POWERTOOLS_DEV: "true",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "WARN",
    });

    const sealer = localSecretSealer(config.dataDir);
    const sms = localSmsSender(config.dataDir);
    const telegram = localTelegramSender(config.dataDir);
    const [{ createUsersHandler }, { createNotifyHandler }, { createAccountsHandler }, privacy] = await Promise.all([
      import("../services/users/src/app.ts"),
      import("../services/notify/src/app.ts"),
      import("../services/accounts/src/app.ts"),
      import("../services/privacy/src/app.ts"),
    ]);
    const privacyApp = privacy.createPrivacyApp({ sealer });
    const handlers = new Map<ServiceName, ServiceLambdaHandler>([
      ["users", createUsersHandler({ sealer })],
      ["accounts", createAccountsHandler({ sealer })],
      ["privacy", privacyApp.handler],
      ["notify", createNotifyHandler({ sealer, sms, telegram })],
      // The site `npm run docs` generated (npm start and the test setup run it first).
      ["docs", createDocsHandler({ siteDir: DOCS_SITE_DIR })],
    ]);

    // Cognito's custom-auth triggers: the same handler the deployed trigger function runs.
    const table = createTableService(createDocumentClient(), resources.tableName);
    const lambdaFunctions = await startLambdaEndpoint(config.LAMBDA_PORT, {
      [LOCAL_AUTH_CHALLENGE_FUNCTION]: createAuthChallengeHandler({
        proofs: tableExternalIdentities(table),
        now: () => new Date(),
      }) as LocalFunction,
    });

    const bus = createLocalBus(handlers, config.dataDir);
    const relay = await startStreamRelay({
      tableName: resources.tableName,
      endpoint: emulators.endpoints.dynamodb,
      dataDir: config.dataDir,
      pollMs: config.STREAM_POLL_MS,
      bus,
      log,
    });

    let ready = false;
    const issuer = `${emulators.endpoints.cognito}/${resources.userPoolId}`;
    const verifyMachineToken = createMachineTokenVerifier({ issuer, userClientId: resources.userPoolClientId });
    const outbox = () => readOutbox(emulators.endpoints.ses, [...sms.messages(), ...telegram.messages()]);
    const server: Server = createHttpServer({
      services: serviceCatalog,
      handlers,
      allowedOrigins: config.CORS_ALLOWED_ORIGINS,
      authorizers: {
        jwt: createAccessTokenVerifier({ issuer, clientId: resources.userPoolClientId }),
        // The machine routes' Lambda authorizer, run in process with the same verifier.
        machine: async (authorization) => {
          const identity = await verifyMachineToken(authorization);
          return identity ? machineAuthorizerContext(identity) : undefined;
        },
      },
      devEndpoints: {
        "GET /dev/outbox.json": async () => ({
          status: 200,
          contentType: "application/json",
          body: JSON.stringify({ items: await outbox() }),
        }),
        "GET /dev/outbox": async (req) => ({
          status: 200,
          contentType: "text/html; charset=utf-8",
          body: renderOutboxPage(
            await outbox(),
            new URL(req.url ?? "/", "http://localhost").searchParams.get("channel") ?? undefined,
          ),
        }),
        "POST /dev/jobs/privacy": privacyJobEndpoint(privacyApp),
        "GET /dev/dead-letters.json": async () => ({
          status: 200,
          contentType: "application/json",
          body: JSON.stringify({ items: bus.deadLetters }),
        }),
      },
      isReady: () => ready,
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.PORT, () => resolve());
    });
    // EventBridge Scheduler's stand-in: the privacy job every minute (AWS: every 5 minutes).
    const privacySchedule = startPrivacySchedule(privacyApp, config.PRIVACY_JOB_EVERY_SECONDS, log);

    return {
      apiUrl,
      endpoints: emulators.endpoints,
      resources,
      deadLetters: bus.deadLetters,
      markReady() {
        ready = true;
      },
      async stop() {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await privacySchedule.stop();
        await relay.stop();
        await lambdaFunctions.stop();
        await emulators.stop();
      },
    };
  } catch (error) {
    await emulators.stop();
    throw error;
  }
};
