import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { freePort } from "../../local/isolated-platform.ts";

/** Polls until `check` returns a value other than undefined. */
export const pollFor = async <T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 120_000,
) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};

/** pid → parent pid and state of every process on this (Linux) machine. */
const processTable = () => {
  const table = new Map<number, { ppid: number; state: string; command: string }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // "pid (command) state ppid ...": the command may itself hold spaces and parentheses.
      const close = stat.lastIndexOf(")");
      const [state = "", ppid = "0"] = stat.slice(close + 2).split(" ");
      table.set(Number(entry), { ppid: Number(ppid), state, command: stat.slice(stat.indexOf("(") + 1, close) });
    } catch {
      // Ended while we looked.
    }
  }
  return table;
};

/** Every process below `pid` now (children, grandchildren...). */
export const descendantsOf = (pid: number) => {
  const table = processTable();
  const found: Array<{ pid: number; command: string }> = [];
  const visit = (parent: number) => {
    for (const [child, info] of table) {
      if (info.ppid === parent) {
        found.push({ pid: child, command: info.command });
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
};

/** Which of these processes still run (a zombie has ended). */
export const stillRunning = (pids: number[]) => {
  const table = processTable();
  return pids.filter((pid) => {
    const info = table.get(pid);
    return info !== undefined && info.state !== "Z";
  });
};

export interface StartedProcess {
  child: ChildProcess;
  pid: number;
  apiUrl: string;
  /** Everything printed so far, stdout and stderr interleaved by line. */
  output(): string;
  /** Resolves with the first line matching, as soon as it is printed. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `npm start` on `dataDir`, on free ports, in a process group of its own (so a test can kill the
 * group as a crash would), as a person runs it.
 */
export const npmStart = async (dataDir: string, settings: Record<string, string> = {}): Promise<StartedProcess> => {
  const port = await freePort();
  const child = spawn("npm", ["start"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(port),
      DYNAMODB_PORT: String(await freePort()),
      COGNITO_PORT: String(await freePort()),
      SES_PORT: String(await freePort()),
      S3_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      STREAM_POLL_MS: "50",
      PRIVACY_JOB_EVERY_SECONDS: "0",
      ...settings,
    },
  });
  let output = "";
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const onText = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    for (const waiter of [...waiters]) {
      const line = output.split("\n").find((l) => waiter.pattern.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  };
  child.stdout?.on("data", onText);
  child.stderr?.on("data", onText);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal })),
  );
  if (child.pid === undefined) throw new Error("npm start did not start");
  return {
    child,
    pid: child.pid,
    apiUrl: `http://localhost:${port}`,
    output: () => output,
    exited,
    waitForLine: (pattern, timeoutMs = 180_000) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no line matching ${pattern} within ${timeoutMs / 1000} s; output:\n${output}`)),
          timeoutMs,
        );
        const done = (line: string) => {
          clearTimeout(timer);
          resolve(line);
        };
        const line = output.split("\n").find((l) => pattern.test(l));
        if (line !== undefined) done(line);
        else {
          waiters.push({ pattern, resolve: done });
          void exited.then(() => {
            if (waiters.some((w) => w.resolve === done)) {
              clearTimeout(timer);
              reject(new Error(`npm start ended without a line matching ${pattern}; output:\n${output}`));
            }
          });
        }
      }),
  };
};
