import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { App, type AppProps, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { APP_NAME } from "../shared/src/events/registry.ts";
import { originListSchema } from "../shared/src/http/cors.ts";
import { ApiStack } from "./api-stack.ts";
import { resolveStage, type Stage, type StageConfig, stackNameOf } from "./stage-config.ts";
import { StatefulStack } from "./stateful-stack.ts";

/** The stacks of one stage. */
export interface StageStacks {
  /** Table, user pool, key, bus. */
  stateful: StatefulStack;
  /** Functions, HTTP API, outbox pipe, consumer rules. */
  api: ApiStack;
}

/** Adds a stage's stacks (`Tenantry-<stage>-Stateful`, `Tenantry-<stage>-Api`) to an app. */
export const buildStage = (app: App, stage: Stage): StageStacks => {
  // Account and region come from the CLI's credentials when deploying; without them synth is
  // env-agnostic (no lookups, so it works offline).
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const stateful = new StatefulStack(app, stackNameOf(stage, "Stateful"), {
    stackName: stackNameOf(stage, "Stateful"),
    description: `${APP_NAME} ${stage.name}: table, user pool, key, event bus`,
    terminationProtection: stage.config.retainData,
    env,
    stage,
  });
  const api = new ApiStack(app, stackNameOf(stage, "Api"), {
    stackName: stackNameOf(stage, "Api"),
    description: `${APP_NAME} ${stage.name}: functions, HTTP API, outbox pipe, consumer rules`,
    env,
    stage,
    table: stateful.table,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
    key: stateful.key,
    eventBus: stateful.eventBus,
    cursorSigningSecret: stateful.cursorSigningSecret,
    telegramBot: stateful.telegramBot,
    avatarPublicBaseUrl: stateful.avatars.publicBaseUrl,
    machineTokenUrl: stateful.machineTokenUrl,
    authChallengeFunction: stateful.authChallenge.function,
  });
  for (const stack of [stateful, api]) {
    Tags.of(stack).add("app", APP_NAME);
    Tags.of(stack).add("stage", stage.name);
  }
  return { stateful, api };
};

/**
 * Stage settings that can be overridden per deployment: `-c emailFrom=...`, `-c appBaseUrl=...`,
 * `-c allowedOrigins=https://a.example,https://b.example`, `-c alarmEmail=oncall@example.com`, and
 * a custom domain with `-c domainName=api.example.com -c certificateArn=arn:aws:acm:...` (both), and
 * `-c openIdProviders=[...]` (a JSON array of providers, see OpenIdProviderStageConfig) for a short-lived stack.
 */
const contextOverrides = (app: App, base: StageConfig): Partial<StageConfig> => {
  const text = (name: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(name);
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const overrides: Partial<StageConfig> = {};
  const emailFrom = text("emailFrom");
  const appBaseUrl = text("appBaseUrl");
  const allowedOrigins = text("allowedOrigins");
  const alarmEmail = text("alarmEmail");
  const domainName = text("domainName");
  const certificateArn = text("certificateArn");
  if (emailFrom) overrides.emailFrom = emailFrom;
  if (appBaseUrl) overrides.appBaseUrl = appBaseUrl;
  if (allowedOrigins) overrides.allowedOrigins = originListSchema.parse(allowedOrigins);
  if (alarmEmail) overrides.alarms = { ...base.alarms, email: alarmEmail };
  if (domainName || certificateArn) {
    if (!domainName || !certificateArn) {
      throw new Error("A custom domain needs both `-c domainName=...` and `-c certificateArn=...`.");
    }
    overrides.customDomain = { domainName, certificateArn };
  }
  const openIdProviders = text("openIdProviders");
  if (openIdProviders) overrides.openIdProviders = JSON.parse(openIdProviders) as StageConfig["openIdProviders"];
  return overrides;
};

/** The whole CDK app for the stage named by the `stage` context value, checked by cdk-nag. */
export const createApp = (props: AppProps = {}): { app: App } & StageStacks => {
  const app = new App(props);
  const stageName: unknown = app.node.tryGetContext("stage");
  if (typeof stageName !== "string" || stageName === "") {
    throw new Error("No stage given: run `npx cdk <command> -c stage=<name>` (dev, staging, prod or any name).");
  }
  const stacks = buildStage(app, resolveStage(stageName, contextOverrides(app, resolveStage(stageName).config)));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, ...stacks };
};

// Run as the CDK app (`cdk.json`), not when imported by tests.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  createApp().app.synth();
}
