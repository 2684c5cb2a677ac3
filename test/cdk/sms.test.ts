import { beforeAll, describe, expect, it } from "vitest";
import { serviceCatalog } from "../../services/catalog.ts";
import { logicalIdOf, resourcesOf, SYNTH_TIMEOUT_MS, type SynthesizedStage, synthStage } from "./stage-app.ts";

interface Statement {
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource: unknown;
}

/** Every IAM statement in the api stack, by the role it is attached to. */
const statementsByRole = ({ apiTemplate }: SynthesizedStage) => {
  const byRole = new Map<string, Statement[]>();
  for (const policy of Object.values(resourcesOf(apiTemplate, "AWS::IAM::Policy"))) {
    for (const role of policy.Properties.Roles as Array<{ Ref: string }>) {
      byRole.set(role.Ref, [...(byRole.get(role.Ref) ?? []), ...policy.Properties.PolicyDocument.Statement]);
    }
  }
  return byRole;
};
const allows = (statements: Statement[], action: string) =>
  statements.some((s) => s.Effect === "Allow" && [s.Action].flat().includes(action));

describe.each(["dev", "prod", "pr-42"])("SMS through SNS (%s)", (stage) => {
  beforeAll(() => void synthStage(stage), SYNTH_TIMEOUT_MS);

  it("lets only the notify function publish, and only to phone numbers (every topic denied)", () => {
    const synthesized = synthStage(stage);
    const notify = synthesized.api.functions.get("notify");
    if (!notify?.function.role) throw new Error("no notify function");
    const notifyRole = logicalIdOf(synthesized.api, notify.function.role);
    const byRole = statementsByRole(synthesized);
    const publishers = [...byRole.entries()].filter(([, statements]) => allows(statements, "sns:Publish"));
    expect(publishers.map(([role]) => role)).toEqual([notifyRole]);

    const notifyStatements = byRole.get(notifyRole) ?? [];
    expect(notifyStatements).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Action: "sns:Publish", Resource: expect.anything() }),
    );
    const deny = notifyStatements.find((s) => s.Effect === "Deny" && s.Action === "sns:Publish");
    expect(JSON.stringify(deny?.Resource)).toContain(":sns:*:*:*");
    // Nothing else in the stack may publish to SNS either (other services, the relay, custom resources).
    expect(serviceCatalog.filter((service) => service.access.sendsSms).map((service) => service.name)).toEqual([
      "notify",
    ]);
  });
});

describe("the account's SMS settings", () => {
  beforeAll(() => {
    synthStage("prod");
    synthStage("pr-42");
  }, SYNTH_TIMEOUT_MS * 2);

  it("sets the stage's monthly spend limit and Transactional as the default type", () => {
    const { statefulTemplate } = synthStage("prod");
    const calls = Object.values(resourcesOf(statefulTemplate, "Custom::AWS")).map((resource) =>
      JSON.stringify(resource.Properties.Create),
    );
    expect(calls).toHaveLength(1);
    const create = JSON.parse(JSON.parse(calls[0] ?? "null") as string);
    expect(create).toMatchObject({
      service: "SNS",
      action: "setSMSAttributes",
      parameters: { attributes: { MonthlySpendLimit: "100", DefaultSMSType: "Transactional" } },
    });
  });

  it("is left alone by short-lived stages, which share an account with a long-lived one", () => {
    const { statefulTemplate, apiTemplate } = synthStage("pr-42");
    expect(Object.keys(resourcesOf(statefulTemplate, "Custom::AWS"))).toHaveLength(0);
    expect(Object.keys(resourcesOf(apiTemplate, "Custom::AWS"))).toHaveLength(0);
  });
});
