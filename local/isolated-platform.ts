import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describeEmulatorExit } from "./emulators.ts";
import { loadLocalConfig, localConfigSchema } from "./local-config.ts";
import { type RunningPlatform, startPlatform } from "./platform.ts";

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/**
 * A whole platform on free ports with a throwaway data directory: for tests and the bench.
 * `settings` may hold local-runtime settings and platform settings (platform-config.ts, e.g.
 * tiny rate limits); the latter go into this process's environment, where the services read them.
 */
export const startIsolatedPlatform = async (settings: Record<string, string> = {}) => {
  for (const [name, value] of Object.entries(settings)) {
    if (!(name in localConfigSchema.shape)) process.env[name] = value;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "tenantry-test-"));
  const config = loadLocalConfig({
    PORT: String(await freePort()),
    DYNAMODB_PORT: String(await freePort()),
    COGNITO_PORT: String(await freePort()),
    SES_PORT: String(await freePort()),
    S3_PORT: String(await freePort()),
    OIDC_PORT: String(await freePort()),
    LAMBDA_PORT: String(await freePort()),
    DATA_DIR: dataDir,
    SEED_DEMO: "false",
    STREAM_POLL_MS: "50",
    ...settings,
  });
  const platform: RunningPlatform = await startPlatform(config, {
    log: () => undefined,
    onEmulatorExit: (exit) => console.error(describeEmulatorExit(exit)),
  });
  platform.markReady();
  return {
    platform,
    dataDir,
    async stop() {
      await platform.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
