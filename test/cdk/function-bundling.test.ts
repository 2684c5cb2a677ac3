import { OutputFormat, SourceMapMode } from "aws-cdk-lib/aws-lambda-nodejs";
import { describe, expect, it } from "vitest";
import { cdkBundlingOptions, esbuildOptionsFor, FUNCTION_BUNDLE } from "../../infra/function-bundling.ts";

/**
 * The bench builds bundles with `esbuildOptionsFor` and CDK with `cdkBundlingOptions`: both must say
 * the same thing, or the bench measures code that is not deployed.
 */
describe("function bundling", () => {
  it("gives CDK and the bench the same esbuild settings", () => {
    const cdk = cdkBundlingOptions();
    const esbuild = esbuildOptionsFor("services/users/src/lambda.ts", "/tmp/out/index.mjs");
    expect(cdk.format).toBe(OutputFormat.ESM);
    expect(esbuild.format).toBe(FUNCTION_BUNDLE.format);
    expect({ target: cdk.target, platform: cdk.platform, minify: cdk.minify }).toEqual({
      target: esbuild.target,
      platform: esbuild.platform,
      minify: esbuild.minify,
    });
    expect(cdk.mainFields).toEqual(esbuild.mainFields);
    expect(cdk.banner).toBe(esbuild.banner?.js);
    expect(cdk.externalModules).toEqual(esbuild.external);
    expect(cdk.define).toEqual(esbuild.define);
    expect(cdk.tsconfig).toBe(esbuild.tsconfig);
    // CDK's default source map mode is esbuild's bare `--sourcemap`, i.e. a linked file.
    expect({ sourceMap: cdk.sourceMap, mode: cdk.sourceMapMode, sourcesContent: cdk.sourcesContent }).toEqual({
      sourceMap: esbuild.sourcemap,
      mode: SourceMapMode.DEFAULT,
      sourcesContent: esbuild.sourcesContent,
    });
  });
});
