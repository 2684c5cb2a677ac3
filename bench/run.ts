import { startIsolatedPlatform } from "../local/isolated-platform.ts";
import { serviceCatalog } from "../services/catalog.ts";
import { type DynamoDbUsage, onDynamoDbUsage } from "../shared/src/observability/dynamodb-usage.ts";
import { measureBundles } from "./bundles.ts";
import { accessCheckScenario, type LatencySeries, printLatencies } from "./scenarios/access-check.ts";
import { accountsScenario } from "./scenarios/accounts.ts";
import { avatarScenario } from "./scenarios/avatar.ts";
import { type BroadcastThroughput, broadcastScenario } from "./scenarios/broadcast.ts";
import { hierarchyScenario } from "./scenarios/hierarchy.ts";
import { phoneScenario } from "./scenarios/phone.ts";
import { type ExportThroughput, privacyScenario } from "./scenarios/privacy.ts";
import { securityScenario } from "./scenarios/security.ts";
import { usersScenario } from "./scenarios/users.ts";

export interface Measured {
  label: string;
  status: number;
  usage: DynamoDbUsage;
}

/**
 * `npm run bench`: starts the platform on free ports with a throwaway data directory, drives
 * each route through real HTTP and prints, per request, the DynamoDB round trips and consumed
 * capacity; then each Lambda bundle's size, SDK clients and module init time.
 */
const main = async () => {
  // The privacy job runs when the bench says so, not on the local runtime's timer.
  const instance = await startIsolatedPlatform({ PRIVACY_JOB_EVERY_SECONDS: "0" });
  const { platform } = instance;
  const measured: Measured[] = [];
  let exports: ExportThroughput | undefined;
  let accessCheckLatencies: LatencySeries[] = [];
  let broadcast: BroadcastThroughput | undefined;
  let lastUsage: DynamoDbUsage | undefined;
  const stopListening = onDynamoDbUsage((_label, usage) => {
    lastUsage = usage;
  });
  const call = async (
    label: string,
    method: string,
    route: string,
    options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ) => {
    lastUsage = undefined;
    const response = await fetch(`${platform.apiUrl}${route}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    measured.push({
      label,
      status: response.status,
      usage: lastUsage ?? { roundTrips: 0, operations: [], readCapacity: 0, writeCapacity: 0 },
    });
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  // `BENCH_ONLY=privacy,broadcast npm run bench` runs just those scenarios (and skips the bundles).
  const only = process.env.BENCH_ONLY?.split(",").map((name) => name.trim());
  const wanted = (name: string) => !only || only.includes(name);
  try {
    if (wanted("users")) await usersScenario({ call, apiUrl: platform.apiUrl });
    if (wanted("phone")) await phoneScenario({ call, apiUrl: platform.apiUrl, platform });
    if (wanted("security")) await securityScenario({ call, apiUrl: platform.apiUrl });
    if (wanted("avatar")) await avatarScenario({ call, apiUrl: platform.apiUrl });
    if (wanted("hierarchy")) await hierarchyScenario({ call, apiUrl: platform.apiUrl, platform });
    if (wanted("access-check")) {
      accessCheckLatencies = await accessCheckScenario({ call, apiUrl: platform.apiUrl, platform });
    }
    if (wanted("accounts")) {
      const largeAccount = await accountsScenario({ call, apiUrl: platform.apiUrl, platform });
      console.log(
        `\nLarge account: ${largeAccount.members} members seeded in ${largeAccount.seedSeconds.toFixed(1)} s`,
      );
    }
    if (wanted("privacy")) {
      exports = await privacyScenario({ call, apiUrl: platform.apiUrl, platform, dataDir: instance.dataDir });
    }
    if (wanted("broadcast")) broadcast = await broadcastScenario({ call, apiUrl: platform.apiUrl, platform });
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
      `\nPrivacy job, ${exports.users} queued exports (own process, concurrency ${exports.concurrency}, heap capped at ${exports.heapLimitMiB} MiB): ${exports.usersPerSecond.toFixed(1)} users/s (${exports.seconds.toFixed(1)} s); peak RSS ${exports.maxRssMiB} MiB (${exports.rssBeforeMiB} MiB before the run), peak heap ${exports.heapPeakMiB} MiB`,
    );
  }

  if (broadcast) {
    console.log(
      `\nNews broadcast to ${broadcast.subscribers} subscribers (every tenth restricted): ${broadcast.recipients} recipients, ${broadcast.sent} sent in ${broadcast.batches} batches, ${(broadcast.recipients / broadcast.seconds).toFixed(1)} recipients/s (${broadcast.seconds.toFixed(1)} s, through the bus and the SES emulator); DynamoDB ${broadcast.roundTrips} round trips = ${(broadcast.roundTrips / Math.max(1, broadcast.recipients)).toFixed(2)} per recipient; heap ${broadcast.heapBeforeMiB} MiB before, ${broadcast.heapPeakMiB} MiB peak, ${broadcast.heapAfterMiB} MiB after`,
    );
  }

  if (only && !only.includes("bundles")) return;
  const bundles = await measureBundles([
    ...serviceCatalog.map((service) => ({ name: service.name, entry: service.entry })),
    { name: "outbox-relay", entry: "shared/src/events/relay-lambda.ts" },
    { name: "machine-auth", entry: "shared/src/auth/machine-authorizer-lambda.ts" },
    { name: "auth-challenge", entry: "services/users/src/auth-challenge-lambda.ts" },
  ]);
  console.log("\nLambda bundles (minified ESM, Node 22; init = module load in a fresh process, median of 3)");
  console.log(
    `${"function".padEnd(14)} ${"size".padStart(10)} ${"gzip".padStart(10)} ${"init ms".padStart(8)}  SDK clients`,
  );
  for (const b of bundles) {
    console.log(
      `${b.name.padEnd(14)} ${`${(b.bytes / 1024).toFixed(0)} KiB`.padStart(10)} ${`${(b.gzipBytes / 1024).toFixed(0)} KiB`.padStart(10)} ${b.initMs.toFixed(0).padStart(8)}  ${b.sdkClients.join(", ") || "-"}`,
    );
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
