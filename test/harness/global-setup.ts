import type { TestProject } from "vitest/node";
import { startIsolatedPlatform } from "../../local/isolated-platform.ts";
import { writeDocsSite } from "../../services/docs/build/docs-site.ts";
import { scanTableForCanaries } from "./canary-scan.ts";
import { TEST_TELEGRAM_WEBHOOK_SECRET } from "./telegram.ts";

declare module "vitest" {
  export interface ProvidedContext {
    apiUrl: string;
    endpoints: { dynamodb: string; cognito: string; ses: string; s3: string; openid: string };
    resources: { tableName: string; userPoolId: string; userPoolClientId: string; avatarBucketName: string };
    dataDir: string;
  }
}

const UNLIMITED_CLIENT_ADDRESS = {
  SIGN_IN_CLIENT_LIMIT: "1000000",
  PASSWORD_FORGOT_CLIENT_LIMIT: "1000000",
  REGISTER_CLIENT_LIMIT: "1000000",
  INVITATION_PREVIEW_CLIENT_LIMIT: "1000000",
};

let instance: Awaited<ReturnType<typeof startIsolatedPlatform>> | undefined;

/** Starts the emulators and the local runtime once for the whole integration run, on free ports. */
export const setup = async (project: TestProject) => {
  // Every test calls from 127.0.0.1, like a whole company behind one NAT address at once: the
  // per-client-address limits are lifted here and tested on a platform of their own
  // (client-rate-limits.test.ts).
  // The build step of `npm start`: the docs site the local runtime serves, fresh for this run.
  writeDocsSite();
  instance = await startIsolatedPlatform({
    ...UNLIMITED_CLIENT_ADDRESS,
    TELEGRAM_WEBHOOK_SECRET: TEST_TELEGRAM_WEBHOOK_SECRET,
  });
  const { platform, dataDir } = instance;
  project.provide("apiUrl", platform.apiUrl);
  project.provide("endpoints", platform.endpoints);
  project.provide("resources", platform.resources);
  project.provide("dataDir", dataDir);
};

/** Scans the whole table for any secret the suite saw (see canaries.ts), then stops the platform. */
export const teardown = async () => {
  if (!instance) return;
  try {
    const { platform, dataDir } = instance;
    const result = await scanTableForCanaries({
      endpoint: platform.endpoints.dynamodb,
      tableName: platform.resources.tableName,
      dataDir,
    });
    console.log(`Canary scan: ${result.scanned} items, ${result.canaries} secrets watched, none found.`);
  } finally {
    await instance.stop();
  }
};
