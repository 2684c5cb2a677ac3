import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export interface BundleFigures {
  name: string;
  bytes: number;
  gzipBytes: number;
  sdkClients: string[];
  initMs: number;
}

/** Environment a function sees on Lambda; values only need to be well-formed for module init. */
const LAMBDA_LIKE_ENV = {
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
};

/**
 * Bundles each function as the CDK construct does (minified ESM for Node 22) and measures its
 * size, the SDK clients it pulls in, and module initialisation time in a fresh Node process.
 */
export const measureBundles = async (entries: Array<{ name: string; entry: string }>): Promise<BundleFigures[]> => {
  const outDir = mkdtempSync(path.join(os.tmpdir(), "tenantry-bench-bundles-"));
  const figures: BundleFigures[] = [];
  for (const { name, entry } of entries) {
    const outfile = path.join(outDir, `${name}.mjs`);
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "node",
      target: "node22",
      outfile,
      metafile: true,
      logLevel: "silent",
      banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    });
    const sdkClients = [
      ...new Set(
        Object.keys(result.metafile.inputs)
          .map((input) => /node_modules\/@aws-sdk\/(client-[^/]+)/.exec(input)?.[1])
          .filter((client): client is string => Boolean(client)),
      ),
    ].sort();
    const samples: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      const probe = spawnSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log(performance.now() - t);`,
        ],
        { env: { ...process.env, ...LAMBDA_LIKE_ENV }, encoding: "utf8" },
      );
      if (probe.status !== 0) throw new Error(`init of ${name} failed: ${probe.stderr}`);
      samples.push(Number(probe.stdout.trim()));
    }
    samples.sort((a, b) => a - b);
    figures.push({
      name,
      bytes: statSync(outfile).size,
      gzipBytes: gzipSync(readFileSync(outfile)).byteLength,
      sdkClients,
      initMs: samples[1] ?? 0,
    });
  }
  return figures;
};
