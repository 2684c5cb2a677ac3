import { RemovalPolicy } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import {
  defaultStageConfig,
  type KnownStage,
  removalPolicyOf,
  resolveStage,
  stackNameOf,
  stageConfigs,
} from "../../infra/stage-config.ts";
import { platformConfigSchema } from "../../shared/src/config/platform-config.ts";
import { originSchema } from "../../shared/src/http/cors.ts";

const knownStages = Object.keys(stageConfigs) as KnownStage[];

describe("stage config", () => {
  it.each(knownStages)("%s has values the functions' config schema accepts", (name) => {
    const { config } = resolveStage(name);
    const parsed = platformConfigSchema().partial().safeParse({
      LOG_LEVEL: config.logLevel,
      EMAIL_FROM: config.emailFrom,
      EMAIL_DELIVERY: config.emailDelivery,
      APP_BASE_URL: config.appBaseUrl,
    });
    expect(parsed.success).toBe(true);
    expect(config.apiBurstLimit).toBeGreaterThanOrEqual(config.apiRateLimit);
  });

  it.each([...knownStages, "pr-7"])(
    "%s allows browser origins that are exact origins, and has alarm thresholds",
    (name) => {
      const { config } = resolveStage(name);
      for (const origin of config.allowedOrigins) expect(originSchema.safeParse(origin).success, origin).toBe(true);
      expect(config.alarms.serverErrorRatePercent).toBeGreaterThan(0);
      expect(config.alarms.serverErrorRatePercent).toBeLessThan(100);
      expect(config.alarms.oldestDuePrivacyRequestMinutes).toBeGreaterThan(0);
    },
  );

  it("gives no stage a custom domain or an alarm email by default", () => {
    for (const name of [...knownStages, "pr-7"]) {
      const { config } = resolveStage(name);
      expect(config.customDomain, name).toBeUndefined();
      expect(config.alarms.email, name).toBeUndefined();
    }
  });

  it("retains data in prod only", () => {
    expect(removalPolicyOf(resolveStage("prod").config)).toBe(RemovalPolicy.RETAIN);
    expect(resolveStage("prod").config.pointInTimeRecovery).toBe(true);
    for (const name of ["dev", "staging", "feature-x"]) {
      expect(removalPolicyOf(resolveStage(name).config)).toBe(RemovalPolicy.DESTROY);
    }
  });

  it("gives any other stage name the short-lived defaults", () => {
    expect(resolveStage("pr-123")).toEqual({ name: "pr-123", config: defaultStageConfig });
    expect(defaultStageConfig.retainData).toBe(false);
  });

  it("applies deployment overrides on top of the stage's settings", () => {
    const stage = resolveStage("prod", { emailFrom: "hello@example.org" });
    expect(stage.config.emailFrom).toBe("hello@example.org");
    expect(stage.config.retainData).toBe(true);
  });

  it("prefixes stack names with the stage", () => {
    expect(stackNameOf(resolveStage("dev"), "Api")).toBe("Tenantry-dev-Api");
  });

  it.each(["", "Prod", "1abc", "a_b", "x".repeat(21)])("rejects the stage name %j", (name) => {
    expect(() => resolveStage(name)).toThrow(/Invalid stage name/);
  });
});
