import { readFileSync } from "node:fs";
import path from "node:path";
import { Match } from "aws-cdk-lib/assertions";
import { VALIDATION_REPORT_FILE } from "aws-cdk-lib/cx-api";
import { beforeAll, describe, expect, it } from "vitest";
import { logicalIdOf, resourcesOf, SYNTH_TIMEOUT_MS, synthStage } from "./stage-app.ts";

const providers = [
  {
    id: "google",
    displayName: "Google",
    issuer: "https://accounts.google.com",
    clientId: "1234.apps.googleusercontent.com",
    clientSecretName: "tenantry/pr-15/google-client-secret",
    signUpAllowed: true,
    emailAuthoritative: true,
  },
  {
    id: "contoso",
    displayName: "Contoso (Microsoft Entra ID)",
    issuer: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
    clientId: "contoso-app",
    clientSecretName: "tenantry/pr-15/contoso-client-secret",
    signUpAllowed: false,
    emailAuthoritative: false,
  },
];
const withProviders = () => synthStage("pr-15", { openIdProviders: JSON.stringify(providers) });

const functionsOf = (template: ReturnType<typeof withProviders>["apiTemplate"]) =>
  Object.values(resourcesOf(template, "AWS::Lambda::Function"));

describe("external sign-in providers from the stage config", () => {
  beforeAll(() => void withProviders(), SYNTH_TIMEOUT_MS);

  it("gives the users function OIDC_PROVIDERS with each client secret as a Secrets Manager reference", () => {
    const { apiTemplate } = withProviders();
    const users = functionsOf(apiTemplate).find((fn) => fn.Properties.FunctionName === "tenantry-pr-15-users");
    const rendered = JSON.stringify(users?.Properties.Environment.Variables.OIDC_PROVIDERS);
    for (const provider of providers) {
      expect(rendered).toContain(provider.issuer);
      expect(rendered).toContain(provider.clientId);
      expect(rendered).toContain(`{{resolve:secretsmanager:`);
      expect(rendered).toContain(provider.clientSecretName);
    }
    expect(rendered).not.toContain("clientSecretName");
    // No other function gets the providers' client secrets.
    const others = functionsOf(apiTemplate).filter((fn) => fn.Properties.FunctionName !== "tenantry-pr-15-users");
    for (const fn of others) expect(fn.Properties.Environment?.Variables?.OIDC_PROVIDERS).toBeUndefined();
  });

  it("attaches one custom-auth function to the pool's define, create and verify triggers, and lets the client use CUSTOM_AUTH", () => {
    const { stateful, statefulTemplate } = withProviders();
    const triggerId = logicalIdOf(stateful, stateful.authChallenge.function);
    const arn = { "Fn::GetAtt": [triggerId, "Arn"] };
    statefulTemplate.hasResourceProperties("AWS::Cognito::UserPool", {
      LambdaConfig: { DefineAuthChallenge: arn, CreateAuthChallenge: arn, VerifyAuthChallengeResponse: arn },
    });
    statefulTemplate.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      ExplicitAuthFlows: Match.arrayWith(["ALLOW_CUSTOM_AUTH"]),
    });
    // The trigger knows the table only: naming the pool would make the pool depend on itself.
    const trigger = resourcesOf(statefulTemplate, "AWS::Lambda::Function")[triggerId];
    expect(Object.keys(trigger?.Properties.Environment.Variables ?? {})).toContain("TABLE_NAME");
    expect(Object.keys(trigger?.Properties.Environment.Variables ?? {})).not.toContain("USER_POOL_ID");
  });

  it("stays cdk-nag clean", () => {
    const { assembly } = withProviders();
    const report = JSON.parse(readFileSync(path.join(assembly.directory, VALIDATION_REPORT_FILE), "utf8")) as {
      pluginReports: Array<{ violations: Array<{ ruleName: string }> }>;
    };
    expect(report.pluginReports.flatMap((plugin) => plugin.violations.map((v) => v.ruleName))).toEqual([]);
  });

  it("refuses a provider whose issuer is not https, or whose id cannot be a path", () => {
    const bad = (override: Record<string, string>) => () =>
      synthStage("pr-16", { openIdProviders: JSON.stringify([{ ...providers[0], ...override }]) });
    expect(bad({ issuer: "http://accounts.example.com" })).toThrow(/https/);
    expect(bad({ id: "Google/Accounts" })).toThrow();
  });
});
