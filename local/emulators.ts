import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import type { LocalConfig } from "./local-config.ts";
import { startOpenIdProvider } from "./openid-provider.ts";
import { startS3Emulator } from "./s3-emulator.ts";

const require = createRequire(import.meta.url);

/** A prerequisite is missing or a port is taken: one sentence saying what and how to fix it. */
export class PrerequisiteError extends Error {
  override name = "PrerequisiteError";
}

export const assertJavaAvailable = () => {
  const probe = spawnSync("java", ["-version"], { stdio: "ignore" });
  if (probe.error || probe.status !== 0) {
    throw new PrerequisiteError(
      "Java is required to run DynamoDB Local but was not found: install a JRE (e.g. `sudo apt-get install -y default-jre-headless`) and run `npm start` again.",
    );
  }
};

const isPortFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.once("listening", () => server.close(() => resolve(true)));
    server.listen(port, "127.0.0.1");
  });

export const assertPortsFree = async (ports: Record<string, number>) => {
  for (const [variable, port] of Object.entries(ports)) {
    if (!(await isPortFree(port))) {
      throw new PrerequisiteError(
        `Port ${port} is already in use: stop whatever is listening there (\`lsof -i :${port}\`) or set ${variable} to a free port.`,
      );
    }
  }
};

const waitForHttp = async (url: string, name: string, child: ChildProcess, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} while starting`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${name} did not answer at ${url} within ${timeoutMs / 1000} s`);
};

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

export interface RunningEmulators {
  endpoints: { dynamodb: string; cognito: string; ses: string; s3: string; openid: string };
  stop(): Promise<void>;
}

const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 3000).unref();
  });

/**
 * Starts DynamoDB Local (the jar shipped in amplify-dynamodb-simulator), cognito-local and
 * aws-ses-v2-local as child processes, and s3rver and the OpenID provider (which sends users back
 * to `openIdRedirectUris`) in this process, with their data under the data directory.
 */
export const startEmulators = async (
  config: LocalConfig,
  log: (line: string) => void,
  openIdRedirectUris: string[],
): Promise<RunningEmulators> => {
  assertJavaAvailable();
  await assertPortsFree({
    PORT: config.PORT,
    DYNAMODB_PORT: config.DYNAMODB_PORT,
    COGNITO_PORT: config.COGNITO_PORT,
    SES_PORT: config.SES_PORT,
    S3_PORT: config.S3_PORT,
    OIDC_PORT: config.OIDC_PORT,
    LAMBDA_PORT: config.LAMBDA_PORT,
  });
  const dynamoDir = path.join(config.dataDir, "dynamodb");
  const cognitoDir = path.join(config.dataDir, "cognito");
  mkdirSync(dynamoDir, { recursive: true });
  mkdirSync(cognitoDir, { recursive: true });

  const jarDir = path.join(packageDir("amplify-dynamodb-simulator"), "emulator");
  const children: ChildProcess[] = [];
  const quiet = { stdio: ["ignore", "ignore", "pipe"] as ["ignore", "ignore", "pipe"] };

  const dynamodb = spawn(
    "java",
    [
      "-Xmx512m",
      "-Djava.library.path=./DynamoDBLocal_lib",
      "-jar",
      "DynamoDBLocal.jar",
      "-sharedDb",
      "-dbPath",
      dynamoDir,
      "-port",
      String(config.DYNAMODB_PORT),
    ],
    { cwd: jarDir, ...quiet },
  );
  children.push(dynamodb);

  const cognito = spawn(process.execPath, [path.join(packageDir("cognito-local"), "lib/bin/start.js")], {
    cwd: cognitoDir,
    env: { ...process.env, PORT: String(config.COGNITO_PORT), HOST: "127.0.0.1", DEBUG: "" },
    ...quiet,
  });
  children.push(cognito);

  const ses = spawn(
    process.execPath,
    [
      path.join(packageDir("aws-ses-v2-local"), "dist/cli.js"),
      "--port",
      String(config.SES_PORT),
      "--host",
      "127.0.0.1",
    ],
    quiet,
  );
  children.push(ses);

  // Whatever way this process ends, the emulators end with it.
  process.once("exit", () => {
    for (const child of children) child.kill("SIGKILL");
  });
  for (const child of children) {
    child.stderr?.on("data", () => {
      /* drained so a chatty emulator never blocks on a full pipe */
    });
  }

  const endpoints = {
    dynamodb: `http://127.0.0.1:${config.DYNAMODB_PORT}`,
    cognito: `http://127.0.0.1:${config.COGNITO_PORT}`,
    ses: `http://127.0.0.1:${config.SES_PORT}`,
    s3: `http://127.0.0.1:${config.S3_PORT}`,
    openid: `http://127.0.0.1:${config.OIDC_PORT}`,
  };
  let s3: Awaited<ReturnType<typeof startS3Emulator>> | undefined;
  let openid: Awaited<ReturnType<typeof startOpenIdProvider>> | undefined;
  try {
    [s3, openid] = await Promise.all([
      startS3Emulator(config.S3_PORT, path.join(config.dataDir, "s3")),
      startOpenIdProvider(config.OIDC_PORT, openIdRedirectUris),
      waitForHttp(endpoints.dynamodb, "DynamoDB Local", dynamodb),
      waitForHttp(`${endpoints.cognito}/health`, "cognito-local", cognito),
      waitForHttp(`${endpoints.ses}/health-check`, "aws-ses-v2-local", ses),
    ]);
  } catch (error) {
    await Promise.all([...children.map(stopChild), s3?.stop(), openid?.stop()]);
    throw error;
  }
  const s3Emulator = s3;
  const openIdProvider = openid;
  log(
    `emulators up: DynamoDB Local ${endpoints.dynamodb}, cognito-local ${endpoints.cognito}, SES ${endpoints.ses}, S3 (s3rver) ${endpoints.s3}, OpenID provider ${endpoints.openid}`,
  );
  return {
    endpoints,
    stop: async () => void (await Promise.all([...children.map(stopChild), s3Emulator.stop(), openIdProvider.stop()])),
  };
};
