import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CfnElement, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import type { IConstruct } from "constructs";
import { createApp, type StageStacks } from "../../infra/app.ts";
import { projectRoot } from "../../infra/function-bundling.ts";

/** The project's CDK context (feature flags), so tests build exactly what `cdk synth` builds. */
export const cdkContext: Record<string, unknown> = JSON.parse(
  readFileSync(path.join(projectRoot, "cdk.json"), "utf8"),
).context;

/** A synthesized stage: its stacks, their templates and the cloud assembly. */
export interface SynthesizedStage extends StageStacks {
  assembly: CloudAssembly;
  statefulTemplate: Template;
  apiTemplate: Template;
}

const outdirs: string[] = [];
process.on("exit", () => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

const cache = new Map<string, SynthesizedStage>();

/** Synthesizing a stage takes a few seconds (more on a busy machine): use it in `beforeAll`. */
export const SYNTH_TIMEOUT_MS = 60_000;

/**
 * Builds and synthesizes the app for one stage, with cdk-nag on, as `infra/app.ts` does. Bundling is
 * skipped (no stack is listed in `aws:cdk:bundling-stacks`): these tests look at templates, and the
 * synth check (`synth.test.ts`) covers esbuild. Synthesis throws if cdk-nag reports an error.
 * `overrides` are context values as given with `-c name=value` (see `infra/app.ts`).
 */
export const synthStage = (stage: string, overrides: Record<string, string> = {}): SynthesizedStage => {
  const cacheKey = JSON.stringify([stage, overrides]);
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const outdir = mkdtempSync(path.join(os.tmpdir(), `tenantry-cdk-${stage}-`));
  outdirs.push(outdir);
  const { app, stateful, api } = createApp({
    outdir,
    context: { ...cdkContext, ...overrides, stage, "aws:cdk:bundling-stacks": [] },
  });
  const assembly = app.synth();
  const synthesized: SynthesizedStage = {
    stateful,
    api,
    assembly,
    statefulTemplate: Template.fromStack(stateful),
    apiTemplate: Template.fromStack(api),
  };
  cache.set(cacheKey, synthesized);
  return synthesized;
};

/** A resource as it appears in a template. */
export interface TemplateResource {
  Type: string;
  // biome-ignore lint/suspicious/noExplicitAny: template JSON is untyped; the tests assert its shape.
  Properties: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

/** The resources of one type in a template, by logical id. */
export const resourcesOf = (template: Template, type: string): Record<string, TemplateResource> =>
  template.findResources(type) as Record<string, TemplateResource>;

/** The logical id of the CloudFormation resource behind a construct. */
export const logicalIdOf = (stack: Stack, construct: IConstruct): string =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);
