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

/** How an emulator ended: the one sentence `npm start` prints names it and says why. */
export interface EmulatorExit {
  emulator: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  lastStderrLine: string | undefined;
}

const reasonOf = ({ code, signal, lastStderrLine }: EmulatorExit) =>
  `${signal ? `killed by ${signal}` : `exit code ${code}`}; ${
    lastStderrLine ? `its last error output: "${lastStderrLine.slice(0, 300)}"` : "no error output"
  }`;

/** One sentence for an emulator that ended while the platform was running. */
export const describeEmulatorExit = (exit: EmulatorExit) =>
  `${exit.emulator} stopped unexpectedly (${reasonOf(exit)}), so Tenantry stops too: run \`npm start\` again.`;

/**
 * An emulator child process in a process group of its own, so stopping it ends whatever it
 * started too (a `java` shim's real JVM, say), remembering its last line of error output.
 */
interface EmulatorProcess {
  name: string;
  child: ChildProcess;
  /** Resolves when the process has ended and its error output is read to the end. */
  closed: Promise<EmulatorExit>;
  exit(): EmulatorExit | undefined;
}

const spawnEmulator = (
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): EmulatorProcess => {
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let lastLine: string | undefined;
  let partial = "";
  child.stderr?.setEncoding("utf8");
  // Read continuously, so a chatty emulator never blocks on a full pipe.
  child.stderr?.on("data", (chunk: string) => {
    const lines = (partial + chunk).split(/\r?\n/);
    partial = lines.pop() ?? "";
    const last = lines.map((line) => line.trim()).findLast((line) => line.length > 0);
    if (last) lastLine = last;
  });
  const exitOf = (): EmulatorExit => ({
    emulator: name,
    code: child.exitCode,
    signal: child.signalCode,
    lastStderrLine: partial.trim() || lastLine,
  });
  const closed = new Promise<EmulatorExit>((resolve) => {
    child.once("close", () => resolve(exitOf()));
    // A command that cannot be started at all: reported like an exit.
    child.once("error", (error) => {
      lastLine = error.message;
      resolve(exitOf());
    });
  });
  const ended = () => child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
  return { name, child, closed, exit: () => (ended() ? exitOf() : undefined) };
};

const signalGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
};

/** TERM to the emulator's whole process group, KILL to what is left of it after 3 s. */
const stopEmulator = async (emulator: EmulatorProcess) => {
  const escalate = setTimeout(() => signalGroup(emulator.child, "SIGKILL"), 3000);
  signalGroup(emulator.child, "SIGTERM");
  await emulator.closed;
  clearTimeout(escalate);
  // Anything of its group that outlived it (a grandchild ignoring TERM) goes too.
  signalGroup(emulator.child, "SIGKILL");
};

/**
 * Ends the emulators' process groups when this process ends without stopping them (SIGKILL, a
 * crash): a shell in a group of its own waits for its stdin, a pipe only this process holds, to
 * close, then sends TERM and, to whatever is left after 3 s, KILL.
 */
const startOrphanGuard = (emulators: EmulatorProcess[]) => {
  const groups = emulators.flatMap(({ child }) => (child.pid === undefined ? [] : [`-${child.pid}`]));
  const script = [
    "cat >/dev/null",
    'kill -s TERM -- "$@" 2>/dev/null',
    'alive() { for g in "$@"; do kill -s 0 -- "$g" 2>/dev/null && return 0; done; return 1; }',
    "n=0",
    'while [ "$n" -lt 30 ] && alive "$@"; do sleep 0.1; n=$((n + 1)); done',
    'kill -s KILL -- "$@" 2>/dev/null',
    "exit 0",
  ].join("\n");
  const guard = spawn("sh", ["-c", script, "tenantry-orphan-guard", ...groups], {
    detached: true,
    stdio: ["pipe", "ignore", "ignore"],
  });
  guard.unref();
  (guard.stdin as (NodeJS.WritableStream & { unref?: () => void }) | null)?.unref?.();
  return guard;
};

const waitForHttp = async (url: string, emulator: EmulatorProcess, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exit = emulator.exit();
    if (exit) throw new Error(`${emulator.name} ended while starting (${reasonOf(await emulator.closed)})`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${emulator.name} did not answer at ${url} within ${timeoutMs / 1000} s`);
};

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

export interface RunningEmulators {
  endpoints: { dynamodb: string; cognito: string; ses: string; s3: string; openid: string };
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local (the jar shipped in amplify-dynamodb-simulator), cognito-local and
 * aws-ses-v2-local as child processes, and s3rver and the OpenID provider (which sends users back
 * to `openIdRedirectUris`) in this process, with their data under the data directory. An emulator that ends while the platform runs is reported through
 * `onUnexpectedExit` (the platform cannot answer without it); `stop` ends every one of them.
 */
export const startEmulators = async (
  config: LocalConfig,
  {
    log,
    onUnexpectedExit,
    openIdRedirectUris,
  }: {
    log: (line: string) => void;
    onUnexpectedExit: (exit: EmulatorExit) => void;
    openIdRedirectUris: string[];
  },
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
  const dynamodb = spawnEmulator(
    "DynamoDB Local",
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
    { cwd: jarDir },
  );
  const cognito = spawnEmulator(
    "cognito-local",
    process.execPath,
    [path.join(packageDir("cognito-local"), "lib/bin/start.js")],
    {
      cwd: cognitoDir,
      env: { ...process.env, PORT: String(config.COGNITO_PORT), HOST: "127.0.0.1", DEBUG: "" },
    },
  );
  const ses = spawnEmulator("aws-ses-v2-local", process.execPath, [
    path.join(packageDir("aws-ses-v2-local"), "dist/cli.js"),
    "--port",
    String(config.SES_PORT),
    "--host",
    "127.0.0.1",
  ]);
  const emulators = [dynamodb, cognito, ses];
  const orphanGuard = startOrphanGuard(emulators);
  // process.exit() anywhere: the emulators are asked to end at once (the guard makes sure they do).
  const endWithThisProcess = () => {
    for (const { child } of emulators) signalGroup(child, "SIGTERM");
  };
  process.once("exit", endWithThisProcess);

  let stopping = false;
  let s3: Awaited<ReturnType<typeof startS3Emulator>> | undefined;
  let openid: Awaited<ReturnType<typeof startOpenIdProvider>> | undefined;
  const stop = async () => {
    stopping = true;
    await Promise.all([...emulators.map(stopEmulator), s3?.stop(), openid?.stop()]);
    orphanGuard.kill("SIGKILL");
    process.removeListener("exit", endWithThisProcess);
  };

  const endpoints = {
    dynamodb: `http://127.0.0.1:${config.DYNAMODB_PORT}`,
    cognito: `http://127.0.0.1:${config.COGNITO_PORT}`,
    ses: `http://127.0.0.1:${config.SES_PORT}`,
    s3: `http://127.0.0.1:${config.S3_PORT}`,
    openid: `http://127.0.0.1:${config.OIDC_PORT}`,
  };
  try {
    [s3, openid] = await Promise.all([
      startS3Emulator(config.S3_PORT, path.join(config.dataDir, "s3")),
      startOpenIdProvider(config.OIDC_PORT, openIdRedirectUris),
      waitForHttp(endpoints.dynamodb, dynamodb),
      waitForHttp(`${endpoints.cognito}/health`, cognito),
      waitForHttp(`${endpoints.ses}/health-check`, ses),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  for (const emulator of emulators) {
    void emulator.closed.then((exit) => {
      if (!stopping) onUnexpectedExit(exit);
    });
  }
  log(
    `emulators up: DynamoDB Local ${endpoints.dynamodb}, cognito-local ${endpoints.cognito}, SES ${endpoints.ses}, S3 (s3rver) ${endpoints.s3}, OpenID provider ${endpoints.openid}`,
  );
  return { endpoints, stop };
};
