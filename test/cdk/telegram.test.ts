import { beforeAll, describe, expect, it } from "vitest";
import { resolveStage } from "../../infra/stage-config.ts";
import { serviceCatalog } from "../../services/catalog.ts";
import { logicalIdOf, resourcesOf, SYNTH_TIMEOUT_MS, type SynthesizedStage, synthStage } from "./stage-app.ts";

const TELEGRAM_VARIABLES = [
  "TELEGRAM_BOT_USERNAME",
  "TELEGRAM_BOT_TOKEN_SECRET_ID",
  "TELEGRAM_WEBHOOK_SECRET",
  "SUPPORT_EMAIL",
] as const;

const functionOf = (synthesized: SynthesizedStage, service: string) => {
  const fn = synthesized.api.functions.get(service);
  if (!fn?.function.role) throw new Error(`No function for ${service}`);
  const resource = resourcesOf(synthesized.apiTemplate, "AWS::Lambda::Function")[
    logicalIdOf(synthesized.api, fn.function)
  ];
  return {
    roleId: logicalIdOf(synthesized.api, fn.function.role),
    variables: resource?.Properties.Environment.Variables,
  };
};

/** The roles whose policies allow reading a Secrets Manager secret, with the resources they name. */
const secretReaders = ({ apiTemplate }: SynthesizedStage) =>
  Object.values(resourcesOf(apiTemplate, "AWS::IAM::Policy")).flatMap((policy) =>
    (
      policy.Properties.PolicyDocument.Statement as Array<{
        Effect: string;
        Action: string | string[];
        Resource: unknown;
      }>
    )
      .filter((s) => s.Effect === "Allow" && [s.Action].flat().includes("secretsmanager:GetSecretValue"))
      .map((s) => ({ roles: policy.Properties.Roles as Array<{ Ref: string }>, resource: JSON.stringify(s.Resource) })),
  );

describe.each(["dev", "prod", "pr-7"])("Telegram support bot (%s)", (stage) => {
  beforeAll(() => void synthStage(stage), SYNTH_TIMEOUT_MS);

  it("keeps the bot token and a generated webhook secret in Secrets Manager, retained where data is", () => {
    const { statefulTemplate } = synthStage(stage);
    const secrets = Object.values(resourcesOf(statefulTemplate, "AWS::SecretsManager::Secret")).filter((secret) =>
      String(secret.Properties.Description).includes("Telegram"),
    );
    expect(secrets).toHaveLength(2);
    const webhook = secrets.find((secret) => String(secret.Properties.Description).includes("webhook"));
    // Telegram's secret_token alphabet: letters, digits, _ and -.
    expect(webhook?.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    const retained = resolveStage(stage).config.retainData;
    for (const secret of secrets) expect(secret.DeletionPolicy).toBe(retained ? "Retain" : "Delete");
  });

  it("gives only the notify function the bot's settings and read access to the token secret", () => {
    const synthesized = synthStage(stage);
    const notify = functionOf(synthesized, "notify");
    const { telegram } = resolveStage(stage).config;
    expect(notify.variables).toMatchObject({
      TELEGRAM_BOT_USERNAME: telegram.botUsername,
      SUPPORT_EMAIL: telegram.supportEmail,
      TELEGRAM_BOT_TOKEN_SECRET_ID: expect.anything(),
      TELEGRAM_WEBHOOK_SECRET: expect.anything(),
    });
    // The webhook secret is a deploy-time reference, never a literal in the template.
    expect(JSON.stringify(notify.variables.TELEGRAM_WEBHOOK_SECRET)).toContain("resolve:secretsmanager");

    const readers = secretReaders(synthesized);
    expect(readers.flatMap((reader) => reader.roles.map((role) => role.Ref))).toEqual([notify.roleId]);
    expect(readers[0]?.resource).toContain("TelegramBotBotToken");
    for (const service of serviceCatalog.filter((s) => s.name !== "notify")) {
      const { variables } = functionOf(synthesized, service.name);
      for (const name of TELEGRAM_VARIABLES) expect(variables, `${service.name} ${name}`).not.toHaveProperty(name);
    }
  });

  it("serves the webhook publicly (the secret header guards it) and the /v1/me routes behind the authorizer", () => {
    const { apiTemplate } = synthStage(stage);
    const routes = Object.values(resourcesOf(apiTemplate, "AWS::ApiGatewayV2::Route"));
    const route = (key: string) => routes.find((r) => r.Properties.RouteKey === key)?.Properties;
    expect(route("POST /v1/telegram/webhook")?.AuthorizationType ?? "NONE").toBe("NONE");
    expect(route("POST /v1/me/telegram/link")?.AuthorizationType).toBe("JWT");
    expect(route("DELETE /v1/me/telegram")?.AuthorizationType).toBe("JWT");
  });
});
