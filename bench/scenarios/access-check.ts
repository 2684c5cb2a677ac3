import { performance } from "node:perf_hooks";
import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import autocannon from "autocannon";
import type { RunningPlatform } from "../../local/platform.ts";
import { createDocumentClient } from "../../shared/src/aws/clients.ts";
import { createTableService } from "../../shared/src/table/entities.ts";
import { BENCH_PASSWORD, inviteAndJoin, type ScenarioContext, signUp } from "./sign-up.ts";

/** Latency percentiles in milliseconds and throughput of one measured series. */
export interface LatencySeries {
  label: string;
  requests: number;
  non2xx: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;

const seriesOf = (label: string, times: number[], seconds: number, non2xx = 0): LatencySeries => {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    label,
    requests: times.length,
    non2xx,
    seconds,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    perSecond: times.length / seconds,
  };
};

const usernameOf = (accessToken: string) =>
  (JSON.parse(Buffer.from(accessToken.split(".")[1] ?? "", "base64url").toString()) as { username: string }).username;

/** `BENCH_LOAD_SECONDS` (default 10) per load run, `BENCH_CONNECTIONS` (default 8) at once. */
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);

/** Drives one POST with autocannon at a bounded concurrency, timing every response. */
const load = (label: string, url: string, token: string, body: unknown) =>
  new Promise<LatencySeries>((resolve, reject) => {
    const times: number[] = [];
    let non2xx = 0;
    const instance = autocannon(
      {
        url,
        method: "POST",
        connections: CONNECTIONS,
        duration: LOAD_SECONDS,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      },
      (error, result) => {
        if (error) reject(error);
        else resolve(seriesOf(label, times, result.duration, non2xx));
      },
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      times.push(responseTime);
      if (statusCode < 200 || statusCode > 299) non2xx += 1;
    });
  });

/** One GetItem at a time, then CONNECTIONS loops at once, straight against DynamoDB Local. */
const getItemBaseline = async (platform: RunningPlatform, key: { accountId: string; userId: string }) => {
  const client = createDocumentClient(new DynamoDBClient({ endpoint: platform.endpoints.dynamodb }));
  const { membership } = createTableService(client, platform.resources.tableName).entities;
  const timeOne = async () => {
    const started = performance.now();
    const { data } = await membership.get(key).go();
    if (!data) throw new Error("the membership the bench reads is missing");
    return performance.now() - started;
  };
  for (let i = 0; i < 50; i += 1) await timeOne(); // warm the connection and the JIT
  const sequential: number[] = [];
  const startedSequential = performance.now();
  for (let i = 0; i < 500; i += 1) sequential.push(await timeOne());
  const sequentialSeconds = (performance.now() - startedSequential) / 1000;
  const concurrent: number[] = [];
  const deadline = performance.now() + LOAD_SECONDS * 1000;
  const startedConcurrent = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) concurrent.push(await timeOne());
    }),
  );
  return [
    seriesOf("DynamoDB Local GetItem, one at a time", sequential, sequentialSeconds),
    seriesOf(
      `DynamoDB Local GetItem, ${CONNECTIONS} at once`,
      concurrent,
      (performance.now() - startedConcurrent) / 1000,
    ),
  ];
};

/**
 * The access check (SPEC 6.8), the hot path of the provider's apps: its round trips per kind of
 * question, then its latency and throughput under a bounded concurrent load through the local
 * runtime, next to one DynamoDB Local GetItem measured in the same run.
 */
export const accessCheckScenario = async ({ call, apiUrl, platform }: ScenarioContext): Promise<LatencySeries[]> => {
  const owner = await signUp(call, apiUrl, "checked");
  const member = await inviteAndJoin(call, owner.token, owner.accountId, "standard", "checked-member");
  const sub = await call("(setup) sub-account", "POST", `/v1/accounts/${owner.accountId}/subaccounts`, {
    token: owner.token,
    body: { name: "Checked branch", externalId: "checked-branch" },
  });
  const resource = await call("(setup) resource", "POST", `/v1/accounts/${owner.accountId}/resources`, {
    token: owner.token,
    body: { type: "application", name: "1C" },
  });
  const support = await signUp(call, apiUrl, "machine-admin");
  await new CognitoIdentityProviderClient({ endpoint: platform.endpoints.cognito }).send(
    new AdminAddUserToGroupCommand({
      UserPoolId: platform.resources.userPoolId,
      Username: usernameOf(support.token),
      GroupName: "platform-admins",
    }),
  );
  const admin = await call("(setup) login support", "POST", "/v1/auth/login", {
    body: { username: support.email, password: BENCH_PASSWORD },
  });
  const client = await call("POST /platform/machine-clients", "POST", "/v1/platform/machine-clients", {
    token: admin.body.accessToken,
    body: { name: "bench-app", scopes: ["tenantry/access.check"] },
  });
  const { clientId, clientSecret, tokenUrl } = client.body as {
    clientId: string;
    clientSecret: string;
    tokenUrl: string;
  };
  const granted = await fetch(tokenUrl, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "client_credentials" }),
  });
  const machine = ((await granted.json()) as { access_token: string }).access_token;

  const direct = { userId: member.userId, accountId: owner.accountId, right: "resources.read" };
  await call("access/check: direct member", "POST", "/v1/access/check", { token: machine, body: direct });
  await call("access/check: direct member + resource", "POST", "/v1/access/check", {
    token: machine,
    body: { ...direct, resourceId: resource.body.resourceId, level: "use" },
  });
  await call("access/check: via parent", "POST", "/v1/access/check", {
    token: machine,
    body: { userId: owner.userId, accountId: sub.body.accountId },
  });
  await call("access/check: no access", "POST", "/v1/access/check", {
    token: machine,
    body: { userId: member.userId, accountId: sub.body.accountId },
  });
  const hundred = Array.from({ length: 100 }, (_, i) => (i % 2 ? direct : { ...direct, userId: owner.userId }));
  await call("access/check-batch: 100 direct", "POST", "/v1/access/check-batch", {
    token: machine,
    body: { checks: hundred },
  });

  const single = await load("POST /v1/access/check (direct member)", `${apiUrl}/v1/access/check`, machine, direct);
  const batch = await load("POST /v1/access/check-batch (100 checks)", `${apiUrl}/v1/access/check-batch`, machine, {
    checks: hundred,
  });
  const baseline = await getItemBaseline(platform, { accountId: owner.accountId, userId: member.userId });
  return [single, batch, ...baseline];
};

/** Prints the latency table: milliseconds and requests per second. */
export const printLatencies = (series: LatencySeries[]) => {
  console.log(
    `\nAccess check under load (${CONNECTIONS} connections, ${LOAD_SECONDS} s, local runtime; latency in ms) and one DynamoDB Local GetItem`,
  );
  console.log(
    `${"series".padEnd(46)} ${"requests".padStart(8)} ${"non-2xx".padStart(7)} ${"p50".padStart(7)} ${"p95".padStart(7)} ${"p99".padStart(7)} ${"req/s".padStart(8)}`,
  );
  for (const s of series) {
    console.log(
      `${s.label.padEnd(46)} ${String(s.requests).padStart(8)} ${String(s.non2xx).padStart(7)} ${s.p50.toFixed(1).padStart(7)} ${s.p95.toFixed(1).padStart(7)} ${s.p99.toFixed(1).padStart(7)} ${s.perSecond.toFixed(0).padStart(8)}`,
    );
  }
};
