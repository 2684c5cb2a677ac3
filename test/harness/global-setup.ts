import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { loadLocalConfig } from "../../local/local-config.ts";
import { type RunningPlatform, startPlatform } from "../../local/platform.ts";

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

declare module "vitest" {
  export interface ProvidedContext {
    apiUrl: string;
    endpoints: { dynamodb: string; cognito: string; ses: string };
    resources: { tableName: string; userPoolId: string; userPoolClientId: string };
    dataDir: string;
  }
}

let platform: RunningPlatform | undefined;
let dataDir: string | undefined;

/** Starts the emulators and the local runtime once for the whole integration run, on free ports. */
export const setup = async (project: TestProject) => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "tenantry-test-"));
  const config = loadLocalConfig({
    PORT: String(await freePort()),
    DYNAMODB_PORT: String(await freePort()),
    COGNITO_PORT: String(await freePort()),
    SES_PORT: String(await freePort()),
    DATA_DIR: dataDir,
    SEED_DEMO: "false",
    STREAM_POLL_MS: "50",
  });
  platform = await startPlatform(config, () => undefined);
  project.provide("apiUrl", platform.apiUrl);
  project.provide("endpoints", platform.endpoints);
  project.provide("resources", platform.resources);
  project.provide("dataDir", dataDir);
};

export const teardown = async () => {
  await platform?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
};
