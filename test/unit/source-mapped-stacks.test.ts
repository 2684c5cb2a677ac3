import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { esbuildOptionsFor, FUNCTION_BUNDLE_FILE } from "../../infra/function-bundling.ts";
import { SourceMappedLogFormatter } from "../../shared/src/observability/source-mapped-log-formatter.ts";
import { sourceMappedStack } from "../../shared/src/observability/source-mapped-stack.ts";

const FIXTURE = fileURLToPath(new URL("./logged-error-fixture.ts", import.meta.url));
const THROW_LINE =
  readFileSync(FIXTURE, "utf8")
    .split("\n")
    .findIndex((line) => line.includes("throw new Error")) + 1;

interface LoggedError {
  location: string;
  stack: string;
}

/**
 * Loads a bundle in a fresh Node process as Lambda runs a function (no NODE_OPTIONS, so no
 * `--enable-source-maps`), makes it throw and logs the error through our logger: the error's own
 * stack as Node wrote it, and the logged one.
 */
const failAndLog = (bundle: string) => {
  const probe = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `const { failDeepInside, logger } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
       try { failDeepInside(); } catch (error) {
         console.log(JSON.stringify({ sourceMapsEnabled: process.sourceMapsEnabled, stack: error.stack }));
         logger.error("Unhandled error", { error });
       }`,
    ],
    { env: { PATH: process.env.PATH ?? "" }, encoding: "utf8" },
  );
  if (probe.status !== 0) throw new Error(`the bundle failed to load: ${probe.stderr}`);
  const thrown = JSON.parse(probe.stdout) as { sourceMapsEnabled: boolean; stack: string };
  // Powertools writes ERROR logs with console.error.
  const logged = (JSON.parse(probe.stderr) as { error: LoggedError }).error;
  return { thrown, logged };
};

// Each test starts a Node process: slow on a loaded machine.
describe("logged stack traces of a bundled function", { timeout: 20_000 }, () => {
  let outDir: string;
  let bundle: string;

  beforeAll(async () => {
    outDir = mkdtempSync(path.join(os.tmpdir(), "tenantry-source-maps-"));
    bundle = path.join(outDir, "linked", FUNCTION_BUNDLE_FILE);
    await build(esbuildOptionsFor(FIXTURE, bundle));
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  /** The bundle alone in a directory of its own, with `map` as its source map (none when undefined). */
  const bundleWithMap = (name: string, map: string | undefined) => {
    const copy = path.join(outDir, name, FUNCTION_BUNDLE_FILE);
    mkdirSync(path.dirname(copy));
    copyFileSync(bundle, copy);
    if (map !== undefined) writeFileSync(`${copy}.map`, map);
    return copy;
  };

  it("name the TypeScript file and line that threw, though Node loaded the bundle without source maps", () => {
    const { thrown, logged } = failAndLog(bundle);
    expect(thrown.sourceMapsEnabled).toBe(false);
    expect(thrown.stack).not.toContain(FIXTURE);
    const [message, throwingFrame] = logged.stack.split("\n");
    expect(message).toBe("Error: fixture failure");
    expect(throwingFrame).toContain(` (${FIXTURE}:${THROW_LINE}:`);
    expect(logged.location).toBe(`${FIXTURE}:${THROW_LINE}`);
  });

  it("map every form of frame V8 writes: named or not, async or not, by file URL or by path", () => {
    const { thrown, logged } = failAndLog(bundle);
    const position = /index\.mjs:(\d+:\d+)/.exec(thrown.stack.split("\n")[1] ?? "")?.[1];
    const original = /\((.*)\)$/.exec(logged.stack.split("\n")[1] ?? "")?.[1];
    expect(original).toMatch(new RegExp(`:${THROW_LINE}:\\d+$`));
    const url = pathToFileURL(bundle).href;
    const stack = [
      "Error: fixture failure",
      `    at ${url}:${position}`,
      `    at async ${url}:${position}`,
      `    at step (${url}:${position})`,
      `    at async Module.step (${bundle}:${position})`,
      "    at process.processTicksAndRejections (node:internal/process/task_queues:105:5)",
      "    at async Promise.all (index 0)",
    ].join("\n");
    expect(sourceMappedStack(stack).split("\n")).toEqual([
      "Error: fixture failure",
      `    at <anonymous> (${original})`,
      `    at async <anonymous> (${original})`,
      `    at step (${original})`,
      `    at async Module.step (${original})`,
      "    at process.processTicksAndRejections (node:internal/process/task_queues:105:5)",
      "    at async Promise.all (index 0)",
    ]);
  });

  it.each([
    ["missing", undefined],
    ["unreadable", "this is not a source map"],
  ])("stay as Node wrote them when the source map is %s", (name, map) => {
    const { thrown, logged } = failAndLog(bundleWithMap(name, map));
    expect(thrown.stack).toContain(FUNCTION_BUNDLE_FILE);
    expect(logged.stack).toBe(thrown.stack);
  });

  it("stay as they are when they already name TypeScript files (the local runtime runs the sources)", () => {
    const error = new Error("thrown by the sources");
    expect(error.stack).toContain(fileURLToPath(import.meta.url));
    const { stack } = new SourceMappedLogFormatter().formatError(error);
    // Powertools' dev mode (POWERTOOLS_DEV, set where the local runtime runs) logs the stack as lines.
    expect(Array.isArray(stack) ? stack.join("\n") : stack).toBe(error.stack);
  });
});
