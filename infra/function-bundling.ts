import path from "node:path";
import { fileURLToPath } from "node:url";
import { type BundlingOptions, OutputFormat, SourceMapMode } from "aws-cdk-lib/aws-lambda-nodejs";
import type { BuildOptions } from "esbuild";

/** The repository root: entries are resolved against it and esbuild runs from it. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// esbuild's ESM output has no `require`; CommonJS dependencies bundled into it still call it.
const ESM_REQUIRE_BANNER =
  "import { createRequire as __tenantryCreateRequire } from 'node:module';" +
  "const require = __tenantryCreateRequire(import.meta.url);";

/**
 * How every Lambda bundle is built, in esbuild's own terms: the function construct hands these to
 * CDK's `NodejsFunction` and the bench builds with them, so the sizes and init times it reports
 * are those of the deployed code.
 */
export const FUNCTION_BUNDLE = {
  format: "esm",
  target: "node22",
  platform: "node",
  // Prefer the ESM builds of dependencies so esbuild can tree-shake them.
  mainFields: ["module", "main"],
  banner: ESM_REQUIRE_BANNER,
  minify: true,
  // Linked source maps without the sources, for logged stack traces to name the TypeScript files.
  // Node does not load them (no `--enable-source-maps`: parsing a map at load cost ~50 ms of every
  // cold start); the logger reads the map the first time it logs an error
  // (`shared/src/observability/source-mapped-stack.ts`).
  sourcemap: true,
  sourcesContent: false,
  // Bundle the SDK too: a pinned, tree-shaken copy of only the clients the function imports.
  external: [] as string[],
  define: {} as Record<string, string>,
  tsconfig: path.join(projectRoot, "tsconfig.json"),
} as const;

/** The file name CDK gives an ESM bundle. */
export const FUNCTION_BUNDLE_FILE = "index.mjs";

/** {@link FUNCTION_BUNDLE} as CDK's `NodejsFunction` bundling options. */
export const cdkBundlingOptions = (): BundlingOptions => ({
  format: OutputFormat.ESM,
  target: FUNCTION_BUNDLE.target,
  platform: FUNCTION_BUNDLE.platform,
  mainFields: [...FUNCTION_BUNDLE.mainFields],
  banner: FUNCTION_BUNDLE.banner,
  minify: FUNCTION_BUNDLE.minify,
  sourceMap: FUNCTION_BUNDLE.sourcemap,
  sourceMapMode: SourceMapMode.DEFAULT,
  sourcesContent: FUNCTION_BUNDLE.sourcesContent,
  externalModules: [...FUNCTION_BUNDLE.external],
  define: { ...FUNCTION_BUNDLE.define },
  tsconfig: FUNCTION_BUNDLE.tsconfig,
});

/**
 * {@link FUNCTION_BUNDLE} as esbuild's API options for one entry: the same flags CDK passes to the
 * esbuild command line (`--bundle entry --target --platform --format --outfile --minify --sourcemap
 * --sources-content=false --tsconfig --banner:js --main-fields`), plus a metafile for the bench.
 */
export const esbuildOptionsFor = (entry: string, outfile: string): BuildOptions & { metafile: true } => ({
  entryPoints: [path.resolve(projectRoot, entry)],
  bundle: true,
  outfile,
  absWorkingDir: projectRoot,
  format: FUNCTION_BUNDLE.format,
  target: FUNCTION_BUNDLE.target,
  platform: FUNCTION_BUNDLE.platform,
  mainFields: [...FUNCTION_BUNDLE.mainFields],
  banner: { js: FUNCTION_BUNDLE.banner },
  minify: FUNCTION_BUNDLE.minify,
  sourcemap: FUNCTION_BUNDLE.sourcemap,
  sourcesContent: FUNCTION_BUNDLE.sourcesContent,
  external: [...FUNCTION_BUNDLE.external],
  define: { ...FUNCTION_BUNDLE.define },
  tsconfig: FUNCTION_BUNDLE.tsconfig,
  metafile: true,
  logLevel: "silent",
});
