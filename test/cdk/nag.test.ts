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
describe.each(["dev", "staging", "prod", "pr-42"])("cdk-nag AwsSolutions (%s)", (stage) => {
  beforeAll(() => void synthStage(stage), SYNTH_TIMEOUT_MS);

  it("synthesizes with no unacknowledged finding", () => {
    const { assembly, stateful, api } = synthStage(stage);
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
