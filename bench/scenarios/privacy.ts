import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { build } from "esbuild";
import { ulid } from "ulid";
import { esbuildOptionsFor, FUNCTION_BUNDLE_FILE } from "../../infra/function-bundling.ts";
import type { RunningPlatform } from "../../local/platform.ts";
import { tablePrivacyStore } from "../../services/privacy/src/adapters/table-privacy-store.ts";
import { queuedExport } from "../../services/privacy/src/domain/requests.ts";
import { createDocumentClient } from "../../shared/src/aws/clients.ts";
import { createTableService, memberSearchText } from "../../shared/src/table/entities.ts";
import { type Call, signUp, signUpPlatformAdmin } from "./sign-up.ts";

/** How many users have an export queued when the job runs. */
export const QUEUED_EXPORTS = Number(process.env.BENCH_PRIVACY_EXPORTS ?? 1000);

/** Old-space limit of the job's process, MiB. */
export const JOB_HEAP_MIB = 64;

export interface ExportThroughput {
  users: number;
  seconds: number;
  usersPerSecond: number;
  concurrency: number;
  heapLimitMiB: number;
  rssBeforeMiB: number;
  maxRssMiB: number;
  heapPeakMiB: number;
}

/** CPU seconds each process under this one has used, by command (Linux: read from /proc; elsewhere none). */
const cpuOfDescendants = (): Map<string, number> => {
  const stat = (pid: string) => {
    try {
      return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    } catch {
      return [];
    }
  };
  const pids = (() => {
    try {
      return readdirSync("/proc").filter((name) => /^\d+$/.test(name));
    } catch {
      return [];
    }
  })();
  const children = new Map<string, string[]>();
  for (const pid of pids) {
    const parent = stat(pid)[1];
    if (parent) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const cpu = new Map<string, number>();
  const visit = (pid: string) => {
    for (const child of children.get(pid) ?? []) {
      const fields = stat(child);
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
      const command = readFileSync(`/proc/${child}/cmdline`, "utf8").split("\0");
      const name = command[0]?.endsWith("java") ? "DynamoDB Local" : path.basename(command[1] ?? command[0] ?? child);
      if (Number.isFinite(seconds)) cpu.set(name, (cpu.get(name) ?? 0) + seconds);
      visit(child);
    }
  };
  visit(String(process.pid));
  return cpu;
};

/**
 * Users, each with a profile, a login identifier, an own account with its owner membership,
 * notify's recipient copy and a consent: what an export collects. Written straight to the table
 * (creating sign-in identities would only time the Cognito emulator).
 */
export const seedUsers = async (table: ReturnType<typeof createTableService>, policyId: string, count: number) => {
  const now = new Date().toISOString();
  const ids = Array.from({ length: count }, (_, n) => `bench-export-${String(n).padStart(5, "0")}`);
  const { user, identifier, account, membership, recipient, policyDecision, policyDecisionLog, policyDecider } =
    table.entities;
  for (let i = 0; i < ids.length; i += 25) {
    const chunk = ids.slice(i, i + 25);
    const people = chunk.map((userId) => ({
      userId,
      email: `${userId}@bench.example`,
      fullName: `Person ${userId.slice(-5)}`,
      accountId: `acct-${userId}`,
      decisionId: ulid(),
    }));
    await Promise.all([
      user
        .put(
          people.map((p) => ({
            userId: p.userId,
            cognitoUsername: p.userId,
            email: p.email,
            fullName: p.fullName,
            locale: "en" as const,
            emailVerified: true,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .go(),
      identifier
        .put(
          people.map((p) => ({ kind: "email" as const, value: p.email, userId: p.userId, cognitoUsername: p.userId })),
        )
        .go(),
      account
        .put(
          people.map((p) => ({
            accountId: p.accountId,
            name: `${p.fullName}'s company`,
            kind: "standard" as const,
            status: "active" as const,
            billingAccountId: p.accountId,
            ownerUserId: p.userId,
            adminsCanGrantAdmin: true,
            version: 1,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .go(),
      membership
        .put(
          people.map((p) => ({
            accountId: p.accountId,
            userId: p.userId,
            role: "owner" as const,
            status: "active" as const,
            fullName: p.fullName,
            email: p.email,
            searchText: memberSearchText(p),
            addedBy: p.userId,
            version: 1,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .go(),
      recipient
        .put(
          people.map((p) => ({
            userId: p.userId,
            email: p.email,
            fullName: p.fullName,
            locale: "en" as const,
            updatedAt: now,
          })),
        )
        .go(),
      ...[policyDecision, policyDecisionLog].map((entity) =>
        entity
          .put(
            people.map((p) => ({
              userId: p.userId,
              policyId,
              decisionId: p.decisionId,
              version: 1,
              decision: "accept" as const,
              decidedAt: now,
              ip: "203.0.113.7",
              userAgent: "bench",
            })),
          )
          .go(),
      ),
      policyDecider
        .put(
          people.map((p) => ({ policyId, userId: p.userId, version: 1, decision: "accept" as const, decidedAt: now })),
        )
        .go(),
    ]);
  }
  return ids;
};

/**
 * The privacy routes once each (round trips), then the job against 1 000 queued exports:
 * `npm run job:privacy` in its own process, as the scheduled function runs in its own, reporting
 * throughput and that process's memory.
 */
export const privacyScenario = async ({
  call,
  apiUrl,
  platform,
  dataDir,
}: {
  call: Call;
  apiUrl: string;
  platform: RunningPlatform;
  dataDir: string;
}): Promise<ExportThroughput> => {
  // Provider support publishes a policy; a user decides, exports, restricts, asks for deletion.
  const admin = await signUpPlatformAdmin(call, apiUrl, platform, "privacy-admin");
  const { adminToken } = admin;
  const policyId = `bench-terms-${randomUUID().slice(0, 6)}`;
  await call("POST /v1/platform/policies", "POST", "/v1/platform/policies", {
    token: adminToken,
    body: { policyId, title: "Bench terms", required: true },
  });
  await call("POST /v1/platform/policies/{id}/versions", "POST", `/v1/platform/policies/${policyId}/versions`, {
    token: adminToken,
    body: { summary: "First version" },
  });
  await call("GET /v1/policies", "GET", "/v1/policies");
  await call("GET /v1/policies/{id}", "GET", `/v1/policies/${policyId}`);

  const user = await signUp(call, apiUrl, "privacy-user");
  const t = user.token;
  await call("GET /v1/me (1 pending policy)", "GET", "/v1/me", { token: t });
  await call("GET /v1/me/policies", "GET", "/v1/me/policies", { token: t });
  await call("POST /v1/me/policies/{id}/decision", "POST", `/v1/me/policies/${policyId}/decision`, {
    token: t,
    body: { version: 1, decision: "accept" },
  });
  await call("GET /v1/me/policies/{id}/history", "GET", `/v1/me/policies/${policyId}/history`, { token: t });
  await call("POST /v1/me/privacy/exports", "POST", "/v1/me/privacy/exports", { token: t });
  await call("POST /v1/me/privacy/exports (429)", "POST", "/v1/me/privacy/exports", { token: t });
  await call("POST /v1/me/privacy/restriction", "POST", "/v1/me/privacy/restriction", {
    token: t,
    body: { scope: "marketing" },
  });
  await call("GET /v1/me/privacy/restriction", "GET", "/v1/me/privacy/restriction", { token: t });
  await call("DELETE /v1/me/privacy/restriction", "DELETE", "/v1/me/privacy/restriction", {
    token: t,
    body: { scope: "marketing" },
  });
  await call("POST /v1/me/privacy/deletion", "POST", "/v1/me/privacy/deletion", { token: t });
  await call("DELETE /v1/me/privacy/deletion", "DELETE", "/v1/me/privacy/deletion", { token: t });
  await call("GET /v1/me/privacy/requests", "GET", "/v1/me/privacy/requests", { token: t });
  await call("GET /v1/platform/privacy/requests", "GET", "/v1/platform/privacy/requests", { token: adminToken });
  await call("POST /v1/platform/policies/{id}/versions (v2)", "POST", `/v1/platform/policies/${policyId}/versions`, {
    token: adminToken,
    body: { summary: "Second version" },
  });

  // 1 000 users with an export queued, through the same store the API writes with.
  const table = createTableService(
    createDocumentClient(new DynamoDBClient({ endpoint: platform.endpoints.dynamodb })),
    platform.resources.tableName,
  );
  const userIds = await seedUsers(table, policyId, QUEUED_EXPORTS);
  const store = tablePrivacyStore(table);
  for (let i = 0; i < userIds.length; i += 50) {
    await Promise.all(
      userIds.slice(i, i + 50).map((userId) => {
        const now = new Date();
        return store.createExport(
          queuedExport({ requestId: ulid(), userId, now }),
          now.getTime() + 24 * 3600_000,
          now.getTime(),
        );
      }),
    );
  }

  // Runs of the job in their own process until the queue is worked off (a run stops at its time budget),
  // from a bundle built as CDK builds the functions: what Lambda runs, not tsx compiling every module.
  const jobBundle = path.join(mkdtempSync(path.join(os.tmpdir(), "tenantry-bench-job-")), FUNCTION_BUNDLE_FILE);
  await build(esbuildOptionsFor("local/privacy-job.ts", jobBundle));
  const port = (url: string) => new URL(url).port;
  const runOnce = () =>
    new Promise<Record<string, any>>((resolve, reject) => {
      const child = spawn(process.execPath, [jobBundle], {
        env: {
          ...process.env,
          DATA_DIR: dataDir,
          DYNAMODB_PORT: port(platform.endpoints.dynamodb),
          COGNITO_PORT: port(platform.endpoints.cognito),
          SES_PORT: port(platform.endpoints.ses),
          LOG_LEVEL: "ERROR",
          // A small heap, as on a modest Lambda: the run must not hold the exports it has sent.
          NODE_OPTIONS: `--max-old-space-size=${JOB_HEAP_MIB}`,
        },
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.once("exit", (code) =>
        code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`privacy job exited with ${code}`)),
      );
    });
  let sent = 0;
  let seconds = 0;
  let maxRssMiB = 0;
  let heapPeakMiB = 0;
  let rssBeforeMiB = 0;
  let jobCpuSeconds = 0;
  const calls: Record<string, number> = {};
  // The emulators run beside the job on the same cores: what they spend per export counts too.
  const emulatorCpuBefore = cpuOfDescendants();
  const benchCpuBefore = process.cpuUsage();
  for (let run = 0; run < 20 && sent < QUEUED_EXPORTS; run += 1) {
    const report = await runOnce();
    jobCpuSeconds += report.memory.cpuSeconds;
    for (const [operation, count] of Object.entries(report.calls as Record<string, number>)) {
      calls[operation] = (calls[operation] ?? 0) + count;
    }
    sent += report.exports.sent;
    seconds += (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
    maxRssMiB = Math.max(maxRssMiB, report.memory.maxRssMiB);
    heapPeakMiB = Math.max(heapPeakMiB, report.memory.heapPeakMiB);
    rssBeforeMiB = Math.max(rssBeforeMiB, report.memory.rssBeforeMiB);
  }
  // The route user's own export was queued too.
  if (sent < QUEUED_EXPORTS) throw new Error(`only ${sent} of ${QUEUED_EXPORTS} exports were sent`);
  const perExport = (seconds: number) => `${((seconds * 1000) / sent).toFixed(1)} ms`;
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const cpu = [
    `job ${perExport(jobCpuSeconds)}`,
    `this process (local runtime, stream relay, s3rver) ${perExport((benchCpu.user + benchCpu.system) / 1e6)}`,
    ...[...cpuOfDescendants()].flatMap(([name, seconds]) => {
      const spent = seconds - (emulatorCpuBefore.get(name) ?? 0);
      return spent > 0.05 ? [`${name} ${perExport(spent)}`] : [];
    }),
  ];
  console.log(
    `\nPrivacy job per export: CPU ${cpu.join(", ")} (the job's includes its start); calls ${Object.entries(calls)
      .map(([operation, count]) => `${operation.replace(/^DynamoDB_20120810\./, "")} ${(count / sent).toFixed(2)}`)
      .join(", ")}`,
  );
  return {
    users: sent,
    seconds,
    usersPerSecond: sent / seconds,
    concurrency: Number(process.env.PRIVACY_JOB_CONCURRENCY ?? 16),
    heapLimitMiB: JOB_HEAP_MIB,
    rssBeforeMiB,
    maxRssMiB,
    heapPeakMiB,
  };
};
