import { readFileSync } from "node:fs";
import path from "node:path";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import { VALIDATION_REPORT_FILE } from "aws-cdk-lib/cx-api";
import { beforeAll, describe, expect, it } from "vitest";
import { SYNTH_TIMEOUT_MS, synthStage } from "./stage-app.ts";

interface ValidationReport {
  pluginReports: Array<{
    summary: { pluginName: string };
    violations: Array<{ ruleName: string; severity?: string; violatingResources?: unknown[] }>;
  }>;
}

// cdk-nag 3 is a policy validation plugin: an unacknowledged error makes synthesis throw (the
// message carries the report), and anything else it finds lands in the assembly's validation report.
// The last one has everything optional switched on: a custom domain and an alarm email subscription.
describe.each([
  ["dev", "dev", {}],
  ["staging", "staging", {}],
  ["prod", "prod", {}],
  ["pr-42", "pr-42", {}],
  [
    "prod with a custom domain and alarm email",
    "prod",
    {
      domainName: "api.tenantry.example",
      certificateArn: "arn:aws:acm:eu-central-1:123456789012:certificate/0b5e6f2c-1111-2222-3333-444455556666",
      alarmEmail: "oncall@tenantry.example",
    },
  ],
] as Array<[string, string, Record<string, string>]>)("cdk-nag AwsSolutions (%s)", (_label, stage, overrides) => {
  beforeAll(() => void synthStage(stage, overrides), SYNTH_TIMEOUT_MS);

  it("synthesizes with no unacknowledged finding", () => {
    const { assembly, stateful, api } = synthStage(stage, overrides);
    const report = JSON.parse(
      readFileSync(path.join(assembly.directory, VALIDATION_REPORT_FILE), "utf8"),
    ) as ValidationReport;
    const findings = report.pluginReports.flatMap((plugin) =>
      plugin.violations.map((violation) => `${plugin.summary.pluginName}: ${violation.ruleName}`),
    );
    expect(findings).toEqual([]);
    for (const stack of [stateful, api]) {
      expect(Annotations.fromStack(stack).findError("*", Match.anyValue())).toEqual([]);
    }
  });
});
