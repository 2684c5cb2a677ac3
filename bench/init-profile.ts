import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";
import { esbuildOptionsFor, FUNCTION_BUNDLE_FILE } from "../infra/function-bundling.ts";
import { LAMBDA_FUNCTIONS, LAMBDA_LIKE_ENV } from "./bundles.ts";

/**
 * Where a function's init goes, module by module. Each function is built as CDK builds it, with
 * one statement added at the top of every module: it records when the module starts to evaluate.
 * esbuild evaluates the modules of a bundle one after another, so the time from one mark to the
 * next is the evaluation of the first module's own top-level code (schemas, clients, tables built
 * at import), including the lazy compilation of the functions it calls; the time before the first
 * mark is reading, compiling and linking the bundle (Node does not parse the source map: functions
 * run without `--enable-source-maps`, see `infra/function-bundling.ts`). The module that first
 * uses a library also pays for warming it up (zod's first schema costs more than its next ones).
 * Times are the process's CPU time (every thread: V8 compiles and collects garbage on helpers),
 * which a shared, loaded machine disturbs far less than wall-clock time.
 */
const SDK_PACKAGE = /^(@aws-sdk|@smithy|@aws-crypto|@aws)\/|^(tslib|fast-xml-parser|bowser|strnum)$/;

const marks: Plugin = {
  name: "evaluation-marks",
  setup(builder) {
    builder.onLoad({ filter: /\.(ts|js|mjs|cjs)$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      const shebang = text.startsWith("#!") ? text.slice(0, text.indexOf("\n") + 1) : "";
      const mark = `globalThis.__evaluationMarks?.push([${JSON.stringify(path.relative(process.cwd(), args.path))}, globalThis.cpuMs()]);\n`;
      return {
        contents: shebang + mark + text.slice(shebang.length),
        loader: args.path.endsWith(".ts") ? "ts" : "js",
        resolveDir: path.dirname(args.path),
      };
    });
  },
};

const areaOf = (input: string) => {
  const at = input.lastIndexOf("node_modules/");
  if (at < 0) return input;
  const name = /^((?:@[^/]+\/)?[^/]+)/.exec(input.slice(at + "node_modules/".length))?.[1] ?? input;
  return SDK_PACKAGE.test(name) ? "(AWS SDK)" : name;
};

interface Sample {
  totalMs: number;
  beforeEvaluationMs: number;
  byArea: Map<string, number>;
}

const sampleOf = (file: string): Sample => {
  const probe = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `const cpuMs = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
       globalThis.__evaluationMarks = []; globalThis.cpuMs = cpuMs;
       const start = cpuMs(); await import(${JSON.stringify(pathToFileURL(file).href)}); const end = cpuMs();
       console.log(JSON.stringify({ start, end, marks: globalThis.__evaluationMarks }));`,
    ],
    { env: { ...process.env, ...LAMBDA_LIKE_ENV }, encoding: "utf8" },
  );
  if (probe.status !== 0) throw new Error(`init of ${file} failed: ${probe.stderr}`);
  const { start, end, marks } = JSON.parse(probe.stdout.trim().split("\n").pop() ?? "{}") as {
    start: number;
    end: number;
    marks: Array<[string, number]>;
  };
  const byArea = new Map<string, number>();
  marks.forEach(([input, at], index) => {
    const next = marks[index + 1]?.[1] ?? end;
    byArea.set(areaOf(input), (byArea.get(areaOf(input)) ?? 0) + next - at);
  });
  return { totalMs: end - start, beforeEvaluationMs: (marks[0]?.[1] ?? end) - start, byArea };
};

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

/** Builds each function with evaluation marks and prints its init split, from the faster half of `runs` loads. */
export const profileInit = async (names: string[], runs = 10, shown = 15) => {
  const outDir = mkdtempSync(path.join(os.tmpdir(), "tenantry-init-profile-"));
  for (const { name, entry } of LAMBDA_FUNCTIONS.filter((fn) => names.length === 0 || names.includes(fn.name))) {
    const file = path.join(outDir, name, FUNCTION_BUNDLE_FILE);
    await build({ ...esbuildOptionsFor(entry, file), plugins: [marks] });
    // The faster half: a shared machine's noise only ever adds time.
    const samples = Array.from({ length: runs }, () => sampleOf(file))
      .sort((a, b) => a.totalMs - b.totalMs)
      .slice(0, Math.ceil(runs / 2));
    const total = mean(samples.map((s) => s.totalMs));
    const before = mean(samples.map((s) => s.beforeEvaluationMs));
    console.log(
      `\n${name}: init ${total.toFixed(0)} ms CPU = read, compile, link ${before.toFixed(0)} ms + evaluation ${(total - before).toFixed(0)} ms (marked build, faster ${samples.length} of ${runs})`,
    );
    const areas = new Set(samples.flatMap((s) => [...s.byArea.keys()]));
    const rows = [...areas]
      .map((area) => ({ area, ms: mean(samples.map((s) => s.byArea.get(area) ?? 0)) }))
      .sort((a, b) => b.ms - a.ms);
    for (const { area, ms } of rows.slice(0, shown)) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${area}`);
  }
};

/** `tsx bench/init-profile.ts [function,...] [runs]`: the evaluation of each function's modules. */
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const names = (process.argv[2] ?? "").split(",").filter(Boolean);
  profileInit(names, Number(process.argv[3] ?? 10)).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
