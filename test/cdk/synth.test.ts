import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../infra/function-bundling.ts";
import { serviceCatalog } from "../../services/catalog.ts";
import { buildApiDocuments } from "../../services/docs/build/docs-site.ts";

// The one check that runs the real thing: `cdk synth` through cdk.json, with esbuild bundling every
// function locally (no Docker) and cdk-nag failing the synth on any unacknowledged error.
const STAGES = ["dev", "prod"] as const;
const SYNTH_TIMEOUT_MS = 180_000;

const synth = (stage: string, outdir: string) =>
  new Promise<void>((resolve, reject) => {
    execFile(
      "npx",
      ["cdk", "synth", "-c", `stage=${stage}`, "--quiet", "--no-notices", "--output", outdir],
      {
        cwd: projectRoot,
        env: {
          ...process.env,
          // Node 22 from the project, whatever the machine's default node is.
          PATH: `${path.join(projectRoot, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}`,
          // Offline: no version check, no telemetry, no instance-metadata credential probe.
          CDK_DISABLE_VERSION_CHECK: "1",
          CDK_DISABLE_CLI_TELEMETRY: "1",
          AWS_EC2_METADATA_DISABLED: "true",
        },
        maxBuffer: 64 * 1024 * 1024,
        timeout: SYNTH_TIMEOUT_MS,
      },
      (error, stdout, stderr) =>
        error ? reject(new Error(`cdk synth -c stage=${stage} failed:\n${stdout}\n${stderr}`)) : resolve(),
    );
  });

interface FunctionResource {
  Type: string;
  Properties: { FunctionName: string; Handler: string };
  Metadata?: Record<string, string>;
}

const outdirs = new Map<string, string>();

/** Each Lambda function of a stage's Api stack with the directory of its bundle. */
const bundlesOf = (stage: string) => {
  const outdir = outdirs.get(stage) ?? "";
  // The platform's own functions of both stacks (the user pool's trigger lives beside the pool).
  return ["Api", "Stateful"]
    .flatMap((stack) => {
      const template = JSON.parse(readFileSync(path.join(outdir, `Tenantry-${stage}-${stack}.template.json`), "utf8"));
      return Object.values(template.Resources as Record<string, FunctionResource>);
    })
    .filter(
      (resource) =>
        resource.Type === "AWS::Lambda::Function" &&
        String(resource.Properties.FunctionName ?? "").startsWith(`tenantry-${stage}-`),
    )
    .map((resource) => ({
      name: resource.Properties.FunctionName,
      dir: path.join(outdir, resource.Metadata?.["aws:asset:path"] ?? "missing-asset-metadata"),
    }));
};

describe("cdk synth with bundling", () => {
  beforeAll(async () => {
    for (const stage of STAGES) outdirs.set(stage, mkdtempSync(path.join(os.tmpdir(), `tenantry-synth-${stage}-`)));
    await Promise.all(STAGES.map((stage) => synth(stage, outdirs.get(stage) ?? "")));
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => {
    for (const dir of outdirs.values()) rmSync(dir, { recursive: true, force: true });
  });

  it.each(STAGES)("bundles every function of %s as minified ESM that can load CommonJS", (stage) => {
    const bundles = bundlesOf(stage);
    // The catalog's services, the outbox relay, the machine authorizer and the custom-auth trigger.
    expect(bundles.length).toBe(serviceCatalog.length + 3);
    for (const bundle of bundles) {
      const code = readFileSync(path.join(bundle.dir, "index.mjs"), "utf8");
      expect(code.startsWith("import { createRequire as"), bundle.name).toBe(true);
      // Minified: long lines (only template literals keep their line breaks).
      expect(code.length / code.split("\n").length, bundle.name).toBeGreaterThan(500);
      expect(readFileSync(path.join(bundle.dir, "index.mjs.map"), "utf8").length).toBeGreaterThan(0);
    }
  });

  it("ships a relay whose output is what the pipe's target parameters read", async () => {
    const relay = bundlesOf("dev").find((bundle) => bundle.name === "tenantry-dev-outbox-relay");
    expect(relay).toBeDefined();
    const { handler } = await import(pathToFileURL(path.join(relay?.dir ?? "", "index.mjs")).href);
    const detail = {
      eventId: "01J",
      occurredAt: "2025-01-01T00:00:00.000Z",
      actor: { type: "system" },
      data: { userId: "u1" },
    };
    const entries = await handler([
      {
        eventName: "INSERT",
        dynamodb: {
          Keys: { pk: { S: "OUTBOX#01J" }, sk: { S: "EVENT" } },
          NewImage: {
            pk: { S: "OUTBOX#01J" },
            sk: { S: "EVENT" },
            source: { S: "tenantry.users" },
            detailType: { S: "EmailVerified" },
            detail: { S: JSON.stringify(detail) },
          },
        },
      },
    ]);
    // `$.source`, `$.detailType` and `<$.detail>` in the pipe resolve against exactly these fields.
    expect(entries).toEqual([{ source: "tenantry.users", detailType: "EmailVerified", detail }]);
  });

  it("ships the docs function with the site the build generated beside it, and serves it from there", async () => {
    const docs = bundlesOf("dev").find((bundle) => bundle.name === "tenantry-dev-docs");
    const site = path.join(docs?.dir ?? "", "docs-site");
    const built = JSON.parse(JSON.stringify(buildApiDocuments()));
    expect(JSON.parse(readFileSync(path.join(site, "openapi.json"), "utf8"))).toEqual(built.openApi);
    expect(JSON.parse(readFileSync(path.join(site, "events.json"), "utf8"))).toEqual(built.asyncApi);
    expect(readFileSync(path.join(site, "api-reference.js"), "utf8")).toContain("createApiReference");
    // The bundle's own code builds no document: the OpenAPI generator is not in it.
    expect(readFileSync(path.join(docs?.dir ?? "", "index.mjs"), "utf8")).not.toContain("OpenApiGeneratorV31");

    const { handler } = await import(pathToFileURL(path.join(docs?.dir ?? "", "index.mjs")).href);
    const response = await handler(
      {
        version: "2.0",
        routeKey: "GET /openapi.json",
        rawPath: "/openapi.json",
        rawQueryString: "",
        headers: {},
        requestContext: {
          requestId: "synth-test",
          http: { method: "GET", path: "/openapi.json", sourceIp: "127.0.0.1" },
        },
        isBase64Encoded: false,
      },
      { awsRequestId: "synth-test", getRemainingTimeInMillis: () => 10_000 },
    );
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual(built.openApi);
  });
});
