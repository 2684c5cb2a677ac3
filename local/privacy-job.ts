import { randomBytes } from "node:crypto";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { existsSync, readFileSync } from "node:fs";
import type { ClientRequest } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { getHeapStatistics } from "node:v8";
import * as z from "zod";
import type { PrivacyApp } from "../services/privacy/src/app.ts";
import type { PrivacyJobReport } from "../services/privacy/src/use-cases/privacy-job/report.ts";
import { localSecretSealer } from "./adapters/local-secret-sealer.ts";
import type { DevEndpoint } from "./http-server.ts";
import { LOCAL_AVATAR_BUCKET } from "./local-avatar-bucket.ts";
import { loadLocalConfig } from "./local-config.ts";
// Type only: provision.ts reaches the emulators' code (oidc-provider, s3rver), which the job must not load.
import type { ProvisionedResources } from "./provision.ts";

/**
 * The local stand-in for EventBridge Scheduler: runs the privacy job every `everySeconds`, one run
 * at a time (overlapping runs would be safe, just wasteful). `stop` waits for a run in flight.
 */
export const startPrivacySchedule = (
  app: Pick<PrivacyApp, "runJob">,
  everySeconds: number,
  log: (line: string) => void,
) => {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = app
      .runJob()
      .catch((error: unknown) => log(`privacy job: ${(error as Error).message}`))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = everySeconds > 0 ? setInterval(tick, everySeconds * 1000) : undefined;
  timer?.unref();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
};

const devJobRequest = z.strictObject({
  /** Look ahead: treat work due by then as due now (e.g. an erasure past its grace period). */
  dueBy: z.iso.datetime().optional(),
});

/** `POST /dev/jobs/privacy` (local runtime only, never deployed): runs the job now and returns its report. */
export const privacyJobEndpoint =
  (app: Pick<PrivacyApp, "runJob">): DevEndpoint =>
  async (_request, body) => {
    let input: unknown;
    try {
      input = body ? JSON.parse(body) : {};
    } catch {
      input = undefined;
    }
    const parsed = devJobRequest.safeParse(input);
    if (!parsed.success) {
      return {
        status: 400,
        contentType: "application/json",
        body: JSON.stringify({ error: 'Send {} or {"dueBy": "<ISO date-time>"}.', issues: parsed.error.issues }),
      };
    }
    const report: PrivacyJobReport = await app.runJob(parsed.data.dueBy ? { dueBy: new Date(parsed.data.dueBy) } : {});
    return { status: 200, contentType: "application/json", body: JSON.stringify(report) };
  };

/**
 * The run's calls to AWS by operation (`DynamoDB_20120810.Query`, `POST /v2/email/outbound-emails`):
 * the bench divides them by the exports sent. Read off Node's HTTP client channel, which costs
 * nothing per call, where counting through an AsyncLocalStorage would slow every promise of the run.
 */
const countAwsCalls = () => {
  const byOperation: Record<string, number> = {};
  const onRequest = (message: unknown) => {
    const { request } = message as { request: ClientRequest };
    const operation = String(request.getHeader("x-amz-target") ?? `${request.method} ${request.path.split("?")[0]}`);
    byOperation[operation] = (byOperation[operation] ?? 0) + 1;
  };
  subscribe("http.client.request.start", onRequest);
  return { byOperation, stop: () => unsubscribe("http.client.request.start", onRequest) };
};

/**
 * `npm run job:privacy`: one run of the privacy job in its own process, against the emulators of
 * the platform `npm start` runs (same DATA_DIR and ports), printing what it did.
 */
const main = async () => {
  const config = loadLocalConfig();
  const statePath = path.join(config.dataDir, "state.json");
  if (!existsSync(statePath)) {
    console.error(`No local platform found in ${config.dataDir}: start it with \`npm start\`, then run the job.`);
    process.exit(1);
  }
  const resources = JSON.parse(readFileSync(statePath, "utf8")) as ProvisionedResources;
  const host = "http://127.0.0.1";
  Object.assign(process.env, {
    AWS_REGION: process.env.AWS_REGION ?? "us-east-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_ENDPOINT_URL_DYNAMODB: `${host}:${config.DYNAMODB_PORT}`,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `${host}:${config.COGNITO_PORT}`,
    AWS_ENDPOINT_URL_SESV2: `${host}:${config.SES_PORT}`,
    // Exports carry the avatar's public URL (the privacy function itself never touches the bucket).
    AVATAR_BUCKET_NAME: LOCAL_AVATAR_BUCKET,
    AVATAR_PUBLIC_BASE_URL: `${host}:${config.S3_PORT}/${LOCAL_AVATAR_BUCKET}`,
    STAGE: "local",
    TABLE_NAME: resources.tableName,
    USER_POOL_ID: resources.userPoolId,
    USER_POOL_CLIENT_ID: resources.userPoolClientId,
    // Every variable the platform config requires, as local/platform.ts sets them for the services:
    // the job's test runs it with a user's clean environment, so a missing one fails there.
    JWT_ISSUER: `${host}:${config.COGNITO_PORT}/${resources.userPoolId}`,
    MACHINE_TOKEN_URL: `${host}:${config.COGNITO_PORT}/oauth2/token`,
    KMS_KEY_ID: "local",
    CURSOR_SIGNING_KEY: process.env.CURSOR_SIGNING_KEY ?? randomBytes(32).toString("base64url"),
    EMAIL_DELIVERY: config.EMAIL_DELIVERY,
    APP_BASE_URL: process.env.APP_BASE_URL ?? `http://localhost:${config.PORT}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "WARN",
    // The SES emulator has no send rate; AWS stages keep the platform default (the account's SES rate).
    PRIVACY_EMAIL_SEND_RATE: process.env.PRIVACY_EMAIL_SEND_RATE ?? "1000",
    // The job's figures are CloudWatch metrics in AWS; here Powertools' own switch keeps stdout for the report.
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? "true",
  });
  const { createPrivacyApp } = await import("../services/privacy/src/app.ts");
  const calls = countAwsCalls();
  const app = createPrivacyApp({ sealer: localSecretSealer(config.dataDir) });
  const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const rssBefore = process.memoryUsage().rss;
  // The heap alone: process.memoryUsage() also reads the RSS, which costs the run 1% of its CPU.
  let heapPeak = getHeapStatistics().used_heap_size;
  const sampler = setInterval(() => {
    heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size);
  }, 25);
  sampler.unref();
  try {
    const report = await app.runJob();
    calls.stop();
    clearInterval(sampler);
    // What the run cost this process: the bench reads these figures.
    const memory = {
      rssBeforeMiB: mib(rssBefore),
      maxRssMiB: mib(process.resourceUsage().maxRSS * 1024),
      heapPeakMiB: mib(heapPeak),
      // CPU of this process alone (the emulators run in their own): what the run cost per export.
      cpuSeconds: Math.round(process.cpuUsage().user / 1e4 + process.cpuUsage().system / 1e4) / 100,
    };
    console.log(JSON.stringify({ ...report, memory, calls: calls.byOperation }, null, 2));
  } catch (error) {
    const name = (error as Error).name;
    if (name === "TypeError" || /ECONNREFUSED|fetch failed/.test(String((error as Error).message))) {
      console.error(
        `The emulators do not answer on ports ${config.DYNAMODB_PORT}/${config.COGNITO_PORT}/${config.SES_PORT}: start the platform with \`npm start\` first.`,
      );
      process.exit(1);
    }
    throw error;
  }
};

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error("The privacy job failed:", error);
      process.exit(1);
    },
  );
}
