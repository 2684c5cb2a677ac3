import { setTimeout as delay } from "node:timers/promises";
import { seedDemo } from "./demo-seed.ts";
import { describeEmulatorExit, type EmulatorExit, PrerequisiteError } from "./emulators.ts";
import { loadLocalConfig } from "./local-config.ts";
import { LOCAL_OPENID_DEMO_LOGINS, LOCAL_OPENID_PROVIDER_ID } from "./openid-provider.ts";
import { type RunningPlatform, startPlatform } from "./platform.ts";

let platform: RunningPlatform | undefined;
let stopping: Promise<void> | undefined;

/** Stops whatever is up (every emulator included) once, however many reasons to stop arrive. */
const stopAndExit = (code: number, message?: string) => {
  stopping ??= (async () => {
    if (message) (code === 0 ? console.log : console.error)(message);
    // Before the platform is up there is nothing to wait for: the emulators' process groups are
    // signalled as this process exits (and their orphan guard makes sure they end).
    await platform?.stop().catch((error: unknown) => console.error("Could not stop cleanly:", error));
    process.exit(code);
  })();
  return stopping;
};

let reportEmulatorExit: (exit: EmulatorExit) => void = () => undefined;
/** The first emulator that ended while the platform ran. */
const emulatorExit = new Promise<EmulatorExit>((resolve) => {
  reportEmulatorExit = resolve;
});
// Without its emulator the platform would answer 500s: say which one ended and why, and stop.
void emulatorExit.then((exit) => stopAndExit(1, describeEmulatorExit(exit)));

/** `npm start`: the whole platform on this machine. */
const main = async () => {
  // `on`, not `once`: the same signal may come twice (from the terminal and relayed by npm or
  // tsx), and a second one must not kill this process in the middle of stopping the emulators.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => void stopAndExit(0, "\nstopping..."));
  }
  const config = loadLocalConfig();
  platform = await startPlatform(config, { onEmulatorExit: reportEmulatorExit });
  const { apiUrl } = platform;
  const credentials = config.SEED_DEMO
    ? await seedDemo(platform, {
        dataDir: config.dataDir,
        adminEmail: config.DEMO_ADMIN_EMAIL,
        adminPassword: config.DEMO_ADMIN_PASSWORD,
        log: console.log,
      })
    : [];
  if (stopping) return;
  platform.markReady();
  if (credentials.length > 0) {
    console.log("\nDemo users (sign in with POST /v1/auth/login):");
    for (const c of credentials)
      console.log(`  ${c.role.padEnd(16)} ${c.username.padEnd(24)} ${c.password.padEnd(22)} ${c.account}`);
  }
  console.log(
    `\nLocal OpenID provider (${platform.endpoints.openid}; sign in through POST /v1/auth/providers/${LOCAL_OPENID_PROVIDER_ID}/sign-in):`,
  );
  console.log(`  any login with any password; try ${LOCAL_OPENID_DEMO_LOGINS.join(", ")}`);
  console.log("  (an address whose local part starts with `unverified` comes back with email_verified false)");
  console.log(`
Tenantry is ready (data in ${config.dataDir}; \`npm run reset\` wipes it):
  API            ${apiUrl}/v1   health: ${apiUrl}/v1/health
  API reference  ${apiUrl}/docs   OpenAPI: ${apiUrl}/openapi.json
  Event catalog  ${apiUrl}/docs/events   AsyncAPI: ${apiUrl}/events.json
  Dev outbox     ${apiUrl}/dev/outbox   (${apiUrl}/dev/outbox.json)
  Dead letters   ${apiUrl}/dev/dead-letters.json
Press Ctrl+C to stop.`);
};

main().catch(async (error: unknown) => {
  const oneSentence = error instanceof PrerequisiteError || (error as Error).name === "ConfigError";
  // A seed request that failed because an emulator died is reported as that death, which the
  // child process's exit may tell a moment after the failed request.
  if (!oneSentence) await Promise.race([emulatorExit, delay(5000)]);
  // A request cut off by a stop in progress is not a failure to report.
  if (stopping) return;
  void stopAndExit(
    1,
    oneSentence
      ? (error as Error).message
      : `Could not start the platform: ${error instanceof Error ? error.stack : String(error)}`,
  );
});
