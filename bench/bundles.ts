import { spawnSync } from "node:child_process";
import { mkdtempSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Metafile } from "esbuild";
import { esbuildOptionsFor, FUNCTION_BUNDLE_FILE, projectRoot } from "../infra/function-bundling.ts";
import { serviceCatalog } from "../services/catalog.ts";

/** Every Lambda function the stacks deploy, by entry (see `infra/api-stack.ts`, `infra/stateful-stack.ts`). */
export const LAMBDA_FUNCTIONS: ReadonlyArray<{ name: string; entry: string }> = [
  ...serviceCatalog.map((service) => ({ name: service.name, entry: service.entry })),
  { name: "outbox-relay", entry: "shared/src/events/relay-lambda.ts" },
  { name: "machine-auth", entry: "shared/src/auth/machine-authorizer-lambda.ts" },
  { name: "auth-challenge", entry: "services/users/src/auth-challenge-lambda.ts" },
];

/**
 * The SDK's share of a bundle: inputs from these package scopes, and every input reachable from the
 * entry only through them (their own dependencies: tslib, fast-xml-parser, bowser...). Everything
 * else, i.e. every input the entry reaches without passing through an SDK package, is "non-SDK":
 * our code and the libraries we chose, the part a fixer can shrink.
 */
const SDK_SCOPES = ["@aws-sdk/", "@smithy/", "@aws-crypto/", "@aws/"];
const isSdkInput = (input: string) => SDK_SCOPES.some((scope) => input.includes(`node_modules/${scope}`));

// The client class each SDK package's function creates, for the bare handler.
const CLIENT_CLASSES: Record<string, string> = {
  "client-dynamodb": "DynamoDBClient",
  "client-dynamodb-streams": "DynamoDBStreamsClient",
  "client-cognito-identity-provider": "CognitoIdentityProviderClient",
  "client-eventbridge": "EventBridgeClient",
  "client-kms": "KMSClient",
  "client-s3": "S3Client",
  "client-secrets-manager": "SecretsManagerClient",
  "client-sesv2": "SESv2Client",
  "client-sns": "SNSClient",
};

/** Environment a function sees on Lambda; values only need to be well-formed for module init. */
export const LAMBDA_LIKE_ENV = {
  TABLE_NAME: "bench",
  USER_POOL_ID: "us-east-1_bench",
  USER_POOL_CLIENT_ID: "bench",
  JWT_ISSUER: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_bench",
  MACHINE_TOKEN_URL: "https://tenantry-bench.auth.us-east-1.amazoncognito.com/oauth2/token",
  KMS_KEY_ID: "alias/bench",
  CURSOR_SIGNING_KEY: "bench-cursor-signing-key-of-32-characters",
  AVATAR_BUCKET_NAME: "bench-avatars",
  AVATAR_PUBLIC_BASE_URL: "https://avatars.bench.example",
  TELEGRAM_BOT_USERNAME: "tenantry_bench_bot",
  TELEGRAM_BOT_TOKEN_SECRET_ID: "arn:aws:secretsmanager:us-east-1:123456789012:secret:bench-telegram-bot-token",
  TELEGRAM_WEBHOOK_SECRET: "bench-telegram-webhook-secret",
  SUPPORT_EMAIL: "support@bench.example",
  OIDC_PROVIDERS: "[]",
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
  LOG_LEVEL: "ERROR",
  // Functions run without NODE_OPTIONS (`infra/service-function.ts`): in particular without
  // `--enable-source-maps`, so Node does not parse the bundle's map at load. Blank any inherited.
  NODE_OPTIONS: "",
};

export interface InputSize {
  input: string;
  bytes: number;
}

export interface InitTimes {
  minMs: number;
  medianMs: number;
}

export interface BundleFigures {
  name: string;
  bytes: number;
  /** Bytes in the output of inputs the entry reaches without going through an SDK package. */
  nonSdkBytes: number;
  sdkClients: string[];
  init: InitTimes;
  bare: { bytes: number; init: InitTimes };
  /** The largest non-SDK inputs, biggest first. */
  topNonSdkInputs: InputSize[];
  /** Non-SDK bytes per package (`(ours)` for the repository's own files), biggest first. */
  nonSdkByPackage: InputSize[];
}

interface BuiltBundle {
  file: string;
  bytes: number;
  metafile: Metafile;
}

const buildBundle = async (options: Parameters<typeof build>[0] & { metafile: true }): Promise<BuiltBundle> => {
  const result = await build(options);
  const file = options.outfile as string;
  return { file, bytes: statSync(file).size, metafile: result.metafile };
};

/** The inputs that made it into the bundle with their bytes in its output, and the entry's input path. */
const outputOf = (metafile: Metafile) => {
  const entry = Object.entries(metafile.outputs).find(([file]) => file.endsWith(".mjs"));
  if (!entry) throw new Error("esbuild wrote no .mjs output");
  const [, output] = entry;
  return { entryPoint: output.entryPoint ?? "", inputs: output.inputs };
};

const nonSdkInputsOf = (metafile: Metafile): InputSize[] => {
  const { entryPoint, inputs } = outputOf(metafile);
  const reached = new Set<string>();
  const pending = [entryPoint];
  while (pending.length > 0) {
    const input = pending.pop() as string;
    if (reached.has(input) || isSdkInput(input)) continue;
    reached.add(input);
    for (const imported of metafile.inputs[input]?.imports ?? []) {
      if (!imported.external) pending.push(imported.path);
    }
  }
  return [...reached]
    .map((input) => ({ input, bytes: inputs[input]?.bytesInOutput ?? 0 }))
    .filter(({ bytes }) => bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
};

const packageOf = (input: string) => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input.slice(input.lastIndexOf("node_modules/")));
  return match?.[1] ?? "(ours)";
};

const byPackage = (inputs: InputSize[]): InputSize[] => {
  const totals = new Map<string, number>();
  for (const { input, bytes } of inputs) totals.set(packageOf(input), (totals.get(packageOf(input)) ?? 0) + bytes);
  return [...totals].map(([input, bytes]) => ({ input, bytes })).sort((a, b) => b.bytes - a.bytes);
};

const sdkClientsOf = (metafile: Metafile) =>
  [
    ...new Set(
      Object.keys(outputOf(metafile).inputs)
        .map((input) => /node_modules\/@aws-sdk\/(client-[^/]+)/.exec(input)?.[1])
        .filter((client): client is string => Boolean(client)),
    ),
  ].sort();

/** A handler that creates the given SDK clients, as the function does at module scope, and nothing else. */
const bareHandlerSource = (clients: string[], usesDocumentClient: boolean) => {
  const lines: string[] = [];
  const created: string[] = [];
  for (const client of clients) {
    const className = CLIENT_CLASSES[client];
    if (!className) throw new Error(`bench/bundles.ts: name the client class of @aws-sdk/${client} in CLIENT_CLASSES`);
    lines.push(`import { ${className} } from "@aws-sdk/${client}";`);
    created.push(`new ${className}({})`);
  }
  if (usesDocumentClient) {
    lines.push(`import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";`);
    created.push(
      "DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } })",
    );
  }
  lines.push(`export const clients = [${created.join(", ")}];`);
  lines.push(`export const handler = async () => ({ statusCode: 200, body: "" });`);
  return lines.join("\n");
};

/** Module load time of a bundle in a fresh Node process with the function's environment. */
const initMsOf = (file: string, name: string) => {
  const probe = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t);`,
    ],
    { env: { ...process.env, ...LAMBDA_LIKE_ENV }, encoding: "utf8" },
  );
  if (probe.status !== 0) throw new Error(`init of ${name} failed: ${probe.stderr}`);
  return Number(probe.stdout.trim());
};

const summary = (samples: number[]): InitTimes => {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { minMs: sorted[0] ?? 0, medianMs: median };
};

/**
 * Builds each function exactly as the function construct does (`infra/function-bundling.ts`), and
 * beside it a bare handler with the same SDK clients and options; then loads the two alternately
 * in `runs` fresh processes each, so machine noise falls on both alike.
 */
export const measureBundles = async (
  functions: ReadonlyArray<{ name: string; entry: string }> = LAMBDA_FUNCTIONS,
  runs = 10,
): Promise<BundleFigures[]> => {
  const outDir = mkdtempSync(path.join(os.tmpdir(), "tenantry-bench-bundles-"));
  const figures: BundleFigures[] = [];
  for (const { name, entry } of functions) {
    const fn = await buildBundle(esbuildOptionsFor(entry, path.join(outDir, name, FUNCTION_BUNDLE_FILE)));
    const sdkClients = sdkClientsOf(fn.metafile);
    const usesDocumentClient = Object.keys(fn.metafile.inputs).some((input) =>
      input.includes("node_modules/@aws-sdk/lib-dynamodb/"),
    );
    const { entryPoints: _entry, ...sameOptions } = esbuildOptionsFor(
      entry,
      path.join(outDir, `${name}-bare`, FUNCTION_BUNDLE_FILE),
    );
    const bare = await buildBundle({
      ...sameOptions,
      stdin: {
        contents: bareHandlerSource(sdkClients, usesDocumentClient),
        resolveDir: projectRoot,
        sourcefile: `${name}-bare-handler.ts`,
        loader: "ts",
      },
    });
    const fnSamples: number[] = [];
    const bareSamples: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      // Alternate which goes first, so neither always gets the warmer file cache.
      if (run % 2 === 0) {
        fnSamples.push(initMsOf(fn.file, name));
        bareSamples.push(initMsOf(bare.file, `${name} (bare)`));
      } else {
        bareSamples.push(initMsOf(bare.file, `${name} (bare)`));
        fnSamples.push(initMsOf(fn.file, name));
      }
    }
    const nonSdk = nonSdkInputsOf(fn.metafile);
    figures.push({
      name,
      bytes: fn.bytes,
      nonSdkBytes: nonSdk.reduce((sum, { bytes }) => sum + bytes, 0),
      sdkClients,
      init: summary(fnSamples),
      bare: { bytes: bare.bytes, init: summary(bareSamples) },
      topNonSdkInputs: nonSdk.slice(0, 10),
      nonSdkByPackage: byPackage(nonSdk),
    });
  }
  return figures;
};

/**
 * What the libraries a service function is built on cost before any code of ours runs: the bare
 * handler with one function's SDK clients, plus one zod schema parsed (zod's classic API, the one
 * zod-to-openapi documents); then the other libraries the guide names and the spec needs there
 * (Powertools' logger and metrics, a middy chain, libphonenumber-js for E.164 phones), with no
 * DynamoDB mapper at all; then one ElectroDB entity, imported as the table module imports it
 * (`shared/src/table/entities/single-table.ts`). If a step without any code of ours is already above
 * the init target, no amount of work on our own code meets it with these libraries.
 */
const ZOD_STEP = `import * as z from "zod";
export const request = z.strictObject({ name: z.string().min(1), role: z.enum(["owner", "admin"]), limit: z.number().int().optional() });
request.parse({ name: "floor", role: "admin" });`;
const GUIDE_LIBRARIES_STEP = `import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import middy from "@middy/core";
import { parsePhoneNumberFromString } from "libphonenumber-js";
export const logger = new Logger({ serviceName: "floor" });
export const metrics = new Metrics({ namespace: "floor", serviceName: "floor" });
export const chain = middy().handler(async () => parsePhoneNumberFromString("+48601234567")?.number);`;
const ELECTRODB_STEP = `import { Entity } from "electrodb/src/entity.js";
export const entity = new Entity(
  { model: { entity: "floor", version: "1", service: "bench" }, attributes: { id: { type: "string", required: true } }, indexes: { primary: { pk: { field: "pk", composite: ["id"] }, sk: { field: "sk", composite: [] } } } },
  { client: clients[0], table: "bench" },
);`;
const LIBRARY_STEPS: ReadonlyArray<{ name: string; source: string }> = [
  { name: "+ zod", source: ZOD_STEP },
  { name: "+ zod + ElectroDB", source: [ZOD_STEP, ELECTRODB_STEP].join("\n") },
  { name: "+ zod + guide libs", source: [ZOD_STEP, GUIDE_LIBRARIES_STEP].join("\n") },
  { name: "+ all of them", source: [ZOD_STEP, GUIDE_LIBRARIES_STEP, ELECTRODB_STEP].join("\n") },
];

export interface LibraryFloorStep {
  name: string;
  bytes: number;
  nonSdkBytes: number;
  init: InitTimes;
}

/**
 * The library floor for one function ({@link LIBRARY_STEPS}), each step loaded alternately with the
 * bare handler in `runs` fresh processes, as {@link measureBundles} does.
 */
export const measureLibraryFloor = async (
  { name, entry }: { name: string; entry: string },
  runs = 10,
): Promise<{ bare: LibraryFloorStep; steps: LibraryFloorStep[] }> => {
  const outDir = mkdtempSync(path.join(os.tmpdir(), "tenantry-bench-floor-"));
  const fn = await buildBundle(esbuildOptionsFor(entry, path.join(outDir, name, FUNCTION_BUNDLE_FILE)));
  const usesDocumentClient = Object.keys(fn.metafile.inputs).some((input) =>
    input.includes("node_modules/@aws-sdk/lib-dynamodb/"),
  );
  const bareSource = bareHandlerSource(sdkClientsOf(fn.metafile), usesDocumentClient);
  const variants = [
    { name: "bare", source: bareSource },
    ...LIBRARY_STEPS.map((step) => ({ ...step, source: `${bareSource}\n${step.source}` })),
  ];
  const built = await Promise.all(
    variants.map(async (variant, index) => {
      const { entryPoints: _entry, ...sameOptions } = esbuildOptionsFor(
        entry,
        path.join(outDir, `step-${index}`, FUNCTION_BUNDLE_FILE),
      );
      const bundle = await buildBundle({
        ...sameOptions,
        stdin: { contents: variant.source, resolveDir: projectRoot, sourcefile: `floor-${index}.ts`, loader: "ts" },
      });
      return { ...variant, bundle, samples: [] as number[] };
    }),
  );
  for (let run = 0; run < runs; run += 1) {
    const order = run % 2 === 0 ? built : [...built].reverse();
    for (const variant of order) variant.samples.push(initMsOf(variant.bundle.file, `${name} floor ${variant.name}`));
  }
  const [bare, ...steps] = built.map((variant) => ({
    name: variant.name,
    bytes: variant.bundle.bytes,
    nonSdkBytes: nonSdkInputsOf(variant.bundle.metafile).reduce((sum, { bytes }) => sum + bytes, 0),
    init: summary(variant.samples),
  }));
  if (!bare) throw new Error("the library floor has no bare step");
  return { bare, steps };
};

/** The largest init ratio (function median over bare median) the platform aims for. */
export const INIT_RATIO_TARGET = 1.3;

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const shortInput = (input: string) => {
  const at = input.lastIndexOf("node_modules/");
  return at < 0 ? input : input.slice(at + "node_modules/".length);
};

export const printBundles = (figures: BundleFigures[], runs: number) => {
  console.log(
    `\nLambda bundles, built as CDK builds them (infra/function-bundling.ts); init = module load in a fresh Node process without NODE_OPTIONS, as on Lambda (the source map is read only when an error is logged, not at load), ${runs} runs each, interleaved with a bare handler that creates the same SDK clients`,
  );
  console.log(
    `${"function".padEnd(14)} ${"size".padStart(9)} ${"non-SDK".padStart(9)} ${"bare".padStart(9)} ${"init min/med ms".padStart(16)} ${"bare min/med ms".padStart(16)} ${"ratio".padStart(6)}  SDK clients`,
  );
  for (const b of figures) {
    const ratio = b.init.medianMs / Math.max(0.001, b.bare.init.medianMs);
    console.log(
      `${b.name.padEnd(14)} ${kib(b.bytes).padStart(9)} ${kib(b.nonSdkBytes).padStart(9)} ${kib(b.bare.bytes).padStart(9)} ${`${b.init.minMs.toFixed(0)}/${b.init.medianMs.toFixed(0)}`.padStart(16)} ${`${b.bare.init.minMs.toFixed(0)}/${b.bare.init.medianMs.toFixed(0)}`.padStart(16)} ${`${ratio.toFixed(2)}x`.padStart(6)}${ratio > INIT_RATIO_TARGET ? "!" : " "} ${b.sdkClients.join(", ") || "-"}`,
    );
  }
  console.log(
    `(non-SDK = bytes of inputs reachable from the entry without passing through ${SDK_SCOPES.join(", ")}; "!" = init ratio above ${INIT_RATIO_TARGET}x)`,
  );
  for (const b of figures) {
    console.log(`\n${b.name}: largest non-SDK inputs (of ${kib(b.nonSdkBytes)})`);
    for (const { input, bytes } of b.topNonSdkInputs) console.log(`  ${kib(bytes).padStart(8)}  ${shortInput(input)}`);
    console.log(
      `  by package: ${b.nonSdkByPackage
        .slice(0, 8)
        .map(({ input, bytes }) => `${input} ${kib(bytes)}`)
        .join(", ")}`,
    );
  }
};

export const printLibraryFloor = (
  functionName: string,
  floor: Awaited<ReturnType<typeof measureLibraryFloor>>,
  runs: number,
) => {
  console.log(
    `\nLibrary floor: the bare handler of ${functionName} plus libraries alone, no code of ours, ${runs} runs each, interleaved`,
  );
  console.log(
    `${"step".padEnd(20)} ${"size".padStart(9)} ${"non-SDK".padStart(9)} ${"init min/med ms".padStart(16)} ${"ratio".padStart(6)}`,
  );
  for (const step of [floor.bare, ...floor.steps]) {
    const ratio = step.init.medianMs / Math.max(0.001, floor.bare.init.medianMs);
    console.log(
      `${step.name.padEnd(20)} ${kib(step.bytes).padStart(9)} ${kib(step.nonSdkBytes).padStart(9)} ${`${step.init.minMs.toFixed(0)}/${step.init.medianMs.toFixed(0)}`.padStart(16)} ${`${ratio.toFixed(2)}x`.padStart(6)}${ratio > INIT_RATIO_TARGET ? "!" : " "}`,
    );
  }
  console.log(
    `(guide libs = Powertools logger and metrics, middy, libphonenumber-js, no DynamoDB mapper; "all of them" is the least the accounts function loads before any code of ours; "!" = above ${INIT_RATIO_TARGET}x)`,
  );
};

/** The function whose SDK clients the library floor is measured with: the one every account request reaches. */
const LIBRARY_FLOOR_FUNCTION = "accounts";

/** `tsx bench/bundles.ts [runs]` (or `npm run bench -- bundles [runs]`): the bundle figures alone. */
export const benchBundles = async (runs = 10) => {
  printBundles(await measureBundles(LAMBDA_FUNCTIONS, runs), runs);
  const reference = LAMBDA_FUNCTIONS.find((fn) => fn.name === LIBRARY_FLOOR_FUNCTION);
  if (!reference) throw new Error(`bench/bundles.ts: no function named ${LIBRARY_FLOOR_FUNCTION}`);
  printLibraryFloor(reference.name, await measureLibraryFloor(reference, runs), runs);
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  benchBundles(Number(process.argv[2] ?? 10)).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
