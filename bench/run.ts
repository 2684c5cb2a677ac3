import { startIsolatedPlatform } from "../local/isolated-platform.ts";
import { type DynamoDbUsage, onDynamoDbUsage } from "../shared/src/observability/dynamodb-usage.ts";
import { benchBundles } from "./bundles.ts";
import { printRouteRoundTrips } from "./route-round-trips.ts";
import { accessCheckScenario, type LatencySeries, printLatencies } from "./scenarios/access-check.ts";
import { accountsScenario } from "./scenarios/accounts.ts";
import { avatarScenario } from "./scenarios/avatar.ts";
import { type BroadcastThroughput, broadcastScenario } from "./scenarios/broadcast.ts";
import { docsScenario } from "./scenarios/docs.ts";
import { hierarchyScenario } from "./scenarios/hierarchy.ts";
import { openIdScenario } from "./scenarios/openid.ts";
import { ownershipScenario } from "./scenarios/ownership.ts";
import { phoneScenario } from "./scenarios/phone.ts";
import { type ExportThroughput, privacyScenario } from "./scenarios/privacy.ts";
import { securityScenario } from "./scenarios/security.ts";
import type { Call, ScenarioContext } from "./scenarios/sign-up.ts";
import { telegramScenario } from "./scenarios/telegram.ts";
import { unsubscribeScenario } from "./scenarios/unsubscribe.ts";
import { usersScenario } from "./scenarios/users.ts";

export interface Measured {
  label: string;
  /** The route key the service handler measured the request under (`GET /v1/me`), if it reached one. */
  routeKey?: string;
  /** The named path of the route's claim the scenario said the request takes. */
  path?: string;
  status: number;
  usage: DynamoDbUsage;
}

/**
 * `npm run bench [-- routes | bundles]`: starts the platform on free ports with a throwaway data directory, drives
 * each route through real HTTP and prints, per request, the DynamoDB round trips and consumed
 * capacity, and per route its round trips beside the claimed minimum; then each Lambda bundle's
 * size, non-SDK size and module init time beside a bare handler's (`bench/bundles.ts`).
 */
const benchRoutes = async () => {
  // The privacy job runs when the bench says so, not on the local runtime's timer.
  const instance = await startIsolatedPlatform({ PRIVACY_JOB_EVERY_SECONDS: "0" });
  const { platform } = instance;
  const measured: Measured[] = [];
  let exports: ExportThroughput | undefined;
  let accessCheckLatencies: LatencySeries[] = [];
  let broadcast: BroadcastThroughput | undefined;
  type RouteUsage = { routeKey: string; usage: DynamoDbUsage };
  let lastUsage: RouteUsage | undefined;
  const stopListening = onDynamoDbUsage((label, usage) => {
    // Event consumers report too; only a request's route key (`GET /v1/me`) belongs to a call.
    if (/^[A-Z]+ \//.test(label)) lastUsage = { routeKey: label, usage };
  });
  const call = async (label: string, method: string, route: string, options: Parameters<Call>[3] = {}) => {
    lastUsage = undefined;
    const response = await fetch(`${platform.apiUrl}${route}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
        ...(options.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.form
        ? new URLSearchParams(options.form).toString()
        : options.body === undefined
          ? undefined
          : JSON.stringify(options.body),
    });
    const text = await response.text();
    // Pages (docs, unsubscribe) and scripts come back as they are; everything else is JSON.
    const isJson = /\bjson\b/.test(response.headers.get("content-type") ?? "");
    // Set by the listener while the request ran (the compiler cannot see the callback assign it).
    const seen = lastUsage as RouteUsage | undefined;
    measured.push({
      label,
      routeKey: seen?.routeKey,
      ...(options.path !== undefined ? { path: options.path } : {}),
      status: response.status,
      usage: seen?.usage ?? { roundTrips: 0, operations: [], readCapacity: 0, writeCapacity: 0 },
    });
    return { status: response.status, body: text && isJson ? JSON.parse(text) : text || undefined };
  };

  // `BENCH_ONLY=privacy,broadcast npm run bench` runs just those scenarios.
  const only = process.env.BENCH_ONLY?.split(",").map((name) => name.trim());
  const wanted = (name: string) => !only || only.includes(name);
  const scenario: ScenarioContext = { call, apiUrl: platform.apiUrl, platform };
  try {
    if (wanted("users")) await usersScenario(scenario);
    if (wanted("phone")) await phoneScenario(scenario);
    if (wanted("security")) await securityScenario(scenario);
    if (wanted("avatar")) await avatarScenario(scenario);
    if (wanted("openid")) await openIdScenario(scenario);
    if (wanted("telegram")) await telegramScenario(scenario);
    // Before the broadcast scenario: its news then reaches only this scenario's reader, not thousands.
    if (wanted("unsubscribe")) await unsubscribeScenario(scenario);
    if (wanted("docs")) await docsScenario(scenario);
    if (wanted("ownership")) await ownershipScenario(scenario);
    if (wanted("hierarchy")) await hierarchyScenario(scenario);
    if (wanted("access-check")) {
      accessCheckLatencies = await accessCheckScenario(scenario);
    }
    if (wanted("accounts")) {
      const largeAccount = await accountsScenario(scenario);
      console.log(
        `\nLarge account: ${largeAccount.members} members seeded in ${largeAccount.seedSeconds.toFixed(1)} s`,
      );
    }
    if (wanted("broadcast")) broadcast = await broadcastScenario(scenario);
    // Last: its thousand export emails (CSV attachments) slow every later read of the dev outbox,
    // which sign-ups poll for their verification link; run after it, the broadcast's sign-up
    // missed its 15 s wait twice in a row.
    if (wanted("privacy")) {
      exports = await privacyScenario({ ...scenario, dataDir: instance.dataDir });
    }
  } finally {
    stopListening();
    await instance.stop();
  }

  console.log("\nDynamoDB per request (round trips = calls to DynamoDB; capacity as DynamoDB Local reports it)");
  console.log(
    `${"request".padEnd(44)} ${"status".padStart(6)} ${"trips".padStart(5)} ${"RCU".padStart(6)} ${"WCU".padStart(6)}  operations`,
  );
  for (const { label, status, usage } of measured) {
    console.log(
      `${label.padEnd(44)} ${String(status).padStart(6)} ${String(usage.roundTrips).padStart(5)} ${usage.readCapacity.toFixed(1).padStart(6)} ${usage.writeCapacity.toFixed(1).padStart(6)}  ${usage.operations.join(", ")}`,
    );
  }

  if (accessCheckLatencies.length > 0) printLatencies(accessCheckLatencies);

  if (exports) {
    console.log(
      `\nPrivacy job, ${exports.users} queued exports (own process, concurrency ${exports.concurrency}, heap capped at ${exports.heapLimitMiB} MiB): ${exports.usersPerSecond.toFixed(1)} exports/s (${exports.seconds.toFixed(1)} s); peak RSS ${exports.maxRssMiB} MiB (${exports.rssBeforeMiB} MiB before the run), peak heap ${exports.heapPeakMiB} MiB`,
    );
  }

  if (broadcast) {
    console.log(
      `\nNews broadcast to ${broadcast.subscribers} subscribers (every tenth restricted): ${broadcast.recipients} recipients, ${broadcast.sent} sent in ${broadcast.batches} batches, ${(broadcast.recipients / broadcast.seconds).toFixed(1)} recipients/s (${broadcast.seconds.toFixed(1)} s, through the bus and the SES emulator); DynamoDB ${broadcast.roundTrips} round trips = ${(broadcast.roundTrips / Math.max(1, broadcast.recipients)).toFixed(2)} per recipient; heap ${broadcast.heapBeforeMiB} MiB before, ${broadcast.heapPeakMiB} MiB peak, ${broadcast.heapAfterMiB} MiB after`,
    );
  }

  printRouteRoundTrips(measured);
};

const main = async () => {
  // `npm run bench -- routes|bundles [runs]` runs one half; BENCH_ONLY (scenario names) skips the
  // bundles unless it names them.
  const only = process.argv[2];
  const scenariosOnly = process.env.BENCH_ONLY?.split(",").map((name) => name.trim());
  if (only !== "bundles") await benchRoutes();
  if (only !== "routes" && (!scenariosOnly || scenariosOnly.includes("bundles"))) {
    await benchBundles(Number(process.argv[3] ?? 10));
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
