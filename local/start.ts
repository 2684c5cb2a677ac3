import { seedDemo } from "./demo-seed.ts";
import { PrerequisiteError } from "./emulators.ts";
import { loadLocalConfig } from "./local-config.ts";
import { LOCAL_OPENID_DEMO_LOGINS, LOCAL_OPENID_PROVIDER_ID } from "./openid-provider.ts";
import { startPlatform } from "./platform.ts";

/** `npm start`: the whole platform on this machine. */
const main = async () => {
  const config = loadLocalConfig();
  const platform = await startPlatform(config);
  const { apiUrl } = platform;
  if (config.SEED_DEMO) {
    const credentials = await seedDemo(platform, {
      dataDir: config.dataDir,
      adminEmail: config.DEMO_ADMIN_EMAIL,
      adminPassword: config.DEMO_ADMIN_PASSWORD,
    }).catch(async (error: unknown) => {
      await platform.stop();
      throw error;
    });
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
Tenantry is running (data in ${config.dataDir}; \`npm run reset\` wipes it):
  API            ${apiUrl}/v1   health: ${apiUrl}/v1/health
  API reference  ${apiUrl}/docs   OpenAPI: ${apiUrl}/openapi.json
  Dev outbox     ${apiUrl}/dev/outbox   (${apiUrl}/dev/outbox.json)
  Dead letters   ${apiUrl}/dev/dead-letters.json
Press Ctrl+C to stop.`);

  const shutdown = async () => {
    console.log("\nstopping...");
    await platform.stop();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
};

main().catch((error: unknown) => {
  if (error instanceof PrerequisiteError || (error as Error).name === "ConfigError") {
    console.error((error as Error).message);
  } else {
    console.error("Could not start the platform:", error);
  }
  process.exit(1);
});
