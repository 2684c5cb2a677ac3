import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { serviceCatalog } from "../../services/catalog.ts";
import { platformConfigSchema } from "../../shared/src/config/platform-config.ts";
import { consumerPatternFor } from "../../shared/src/events/registry.ts";
import { OUTBOX_KEY_PREFIX } from "../../shared/src/events/relay.ts";
import { routeKeyOf } from "../../shared/src/http/route.ts";
import { tableDefinition } from "../../shared/src/table/definition.ts";
import { logicalIdOf, resourcesOf, SYNTH_TIMEOUT_MS, type SynthesizedStage, synthStage } from "./stage-app.ts";

const getAtt = (logicalId: string, attribute = "Arn") => ({ "Fn::GetAtt": [logicalId, attribute] });

const functionIdOf = ({ api }: SynthesizedStage, service: string) => {
  const fn = api.functions.get(service);
  if (!fn) throw new Error(`No function for ${service}`);
  return logicalIdOf(api, fn.function);
};

/** Every IAM statement attached to a service function's role. */
const statementsOf = (synthesized: SynthesizedStage, service: string) => {
  const fn = synthesized.api.functions.get(service);
  if (!fn?.function.role) throw new Error(`No role for ${service}`);
  const roleId = logicalIdOf(synthesized.api, fn.function.role);
  return Object.values(resourcesOf(synthesized.apiTemplate, "AWS::IAM::Policy"))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>);
};
const actionsOf = (statements: Array<{ Action: string | string[] }>) =>
  statements.flatMap((statement) => [statement.Action].flat());

// Variables without a default in the functions' config schema: a function without them cannot start.
const requiredConfig = Object.entries(platformConfigSchema().shape)
  .filter(([, schema]) => !schema.safeParse(undefined).success)
  .map(([name]) => name);

describe.each(["dev", "prod"])("api stack (%s)", (stage) => {
  beforeAll(() => void synthStage(stage), SYNTH_TIMEOUT_MS);

  it("runs every service, the relay and the machine authorizer on Node 22, arm64, traced, with their own log groups", () => {
    const synthesized = synthStage(stage);
    const functions = resourcesOf(synthesized.apiTemplate, "AWS::Lambda::Function");
    expect(Object.keys(functions)).toHaveLength(serviceCatalog.length + 2);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({
        Runtime: "nodejs22.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        TracingConfig: { Mode: "Active" },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
    }
    for (const service of serviceCatalog) {
      const fn = functions[functionIdOf(synthesized, service.name)];
      expect(fn?.Properties.FunctionName).toBe(`tenantry-${stage}-${service.name}`);
    }
  });

  it("starts no function with NODE_OPTIONS: Node does not parse source maps at load, and the bench loads bundles as they run", () => {
    const { apiTemplate, statefulTemplate } = synthStage(stage);
    const functions = [apiTemplate, statefulTemplate].flatMap((template) =>
      Object.values(resourcesOf(template, "AWS::Lambda::Function")),
    );
    expect(functions.length).toBeGreaterThan(serviceCatalog.length + 2);
    for (const fn of functions) expect(fn.Properties.Environment?.Variables?.NODE_OPTIONS).toBeUndefined();
  });

  it("runs the privacy job on EventBridge Scheduler every 5 minutes, with a DLQ and time to work", () => {
    const synthesized = synthStage(stage);
    const schedules = Object.values(resourcesOf(synthesized.apiTemplate, "AWS::Scheduler::Schedule"));
    expect(schedules).toHaveLength(1);
    const privacyId = functionIdOf(synthesized, "privacy");
    expect(schedules[0]?.Properties).toMatchObject({
      ScheduleExpression: "rate(5 minutes)",
      State: "ENABLED",
      Target: {
        Arn: getAtt(privacyId),
        Input: JSON.stringify({ job: "privacy" }),
        DeadLetterConfig: { Arn: expect.anything() },
        RetryPolicy: { MaximumRetryAttempts: 2 },
      },
    });
    const privacy = resourcesOf(synthesized.apiTemplate, "AWS::Lambda::Function")[privacyId];
    expect(privacy?.Properties.Timeout).toBe(300);
  });

  it("configures every function with what platform-config requires", () => {
    const { apiTemplate } = synthStage(stage);
    expect(requiredConfig.length).toBeGreaterThan(0);
    for (const fn of Object.values(resourcesOf(apiTemplate, "AWS::Lambda::Function"))) {
      const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
      for (const name of [...requiredConfig, "STAGE", "LOG_LEVEL", "EMAIL_FROM", "EMAIL_DELIVERY"]) {
        expect(variables, name).toHaveProperty(name);
      }
      expect(variables.STAGE).toBe(stage);
      expect(variables).toHaveProperty("APP_BASE_URL");
      expect(variables).toHaveProperty("POWERTOOLS_SERVICE_NAME");
    }
  });

  it("routes each catalog route to its service: user routes behind the JWT authorizer, machine routes behind the machine one", () => {
    const synthesized = synthStage(stage);
    const { apiTemplate, api } = synthesized;
    const routes = Object.values(resourcesOf(apiTemplate, "AWS::ApiGatewayV2::Route"));
    const integrations = resourcesOf(apiTemplate, "AWS::ApiGatewayV2::Integration");
    const authorizers = Object.entries(resourcesOf(apiTemplate, "AWS::ApiGatewayV2::Authorizer"));
    expect(authorizers).toHaveLength(2);
    const authorizerId = authorizers.find(([, a]) => a.Properties.AuthorizerType === "JWT")?.[0];
    const machineAuthorizerId = authorizers.find(([, a]) => a.Properties.AuthorizerType === "REQUEST")?.[0];
    const catalogRoutes = serviceCatalog.flatMap((service) =>
      service.routes.map((route) => ({ service: service.name, route })),
    );
    expect(routes).toHaveLength(catalogRoutes.length);

    for (const { service, route } of catalogRoutes) {
      const matching = routes.filter((resource) => resource.Properties.RouteKey === routeKeyOf(route));
      expect(matching, routeKeyOf(route)).toHaveLength(1);
      const properties = matching[0]?.Properties ?? {};
      if (route.auth === "public") {
        expect(properties.AuthorizationType ?? "NONE", routeKeyOf(route)).toBe("NONE");
        expect(properties.AuthorizerId, routeKeyOf(route)).toBeUndefined();
      } else if (route.auth === "machine") {
        expect(properties.AuthorizationType, routeKeyOf(route)).toBe("CUSTOM");
        expect(properties.AuthorizerId).toEqual({ Ref: machineAuthorizerId });
      } else {
        expect(properties.AuthorizationType, routeKeyOf(route)).toBe("JWT");
        expect(properties.AuthorizerId).toEqual({ Ref: authorizerId });
      }
      const target = properties.Target as { "Fn::Join": [string, [string, { Ref: string }]] };
      const integrationId = target["Fn::Join"][1][1].Ref;
      expect(integrations[integrationId]?.Properties.IntegrationUri).toEqual(
        getAtt(functionIdOf(synthesized, service)),
      );
    }
    // One integration per service that has routes, all with the v2 payload.
    const routedServices = serviceCatalog.filter((service) => service.routes.length > 0);
    expect(Object.keys(integrations)).toHaveLength(routedServices.length);
    for (const integration of Object.values(integrations)) {
      expect(integration.Properties).toMatchObject({ IntegrationType: "AWS_PROXY", PayloadFormatVersion: "2.0" });
    }
    expect(api.httpApi).toBeDefined();
  });

  it("verifies machine tokens in a Lambda authorizer (simple responses, cached per token) with no AWS access", () => {
    const synthesized = synthStage(stage);
    const { apiTemplate, api } = synthesized;
    const machineRoutes = serviceCatalog.flatMap((s) => s.routes).filter((route) => route.auth === "machine");
    expect(machineRoutes.map(routeKeyOf).sort()).toEqual(["POST /v1/access/check", "POST /v1/access/check-batch"]);
    const functions = resourcesOf(apiTemplate, "AWS::Lambda::Function");
    const [authorizerFunctionId, authorizerFunction] =
      Object.entries(functions).find(
        ([, fn]) => fn.Properties.FunctionName === `tenantry-${stage}-machine-authorizer`,
      ) ?? [];
    expect(authorizerFunction?.Properties.Environment.Variables).toMatchObject({
      JWT_ISSUER: expect.anything(),
      USER_POOL_CLIENT_ID: expect.anything(),
    });
    apiTemplate.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "REQUEST",
      AuthorizerPayloadFormatVersion: "2.0",
      EnableSimpleResponses: true,
      IdentitySource: ["$request.header.Authorization"],
      AuthorizerResultTtlInSeconds: 300,
      AuthorizerUri: Match.objectLike({
        "Fn::Join": Match.arrayWith([Match.arrayWith([getAtt(authorizerFunctionId ?? "")])]),
      }),
    });
    // Its role may write its logs and traces, and nothing else.
    const role = api.machineAuthorizerFunction.function.role;
    if (!role) throw new Error("The machine authorizer has no role");
    const roleId = logicalIdOf(api, role);
    const statements = Object.values(resourcesOf(apiTemplate, "AWS::IAM::Policy"))
      .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>);
    const actions = actionsOf(statements);
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((action) => !/^(logs|xray):/.test(action))).toEqual([]);
  });

  it("hands functions the token endpoint of the user pool domain", () => {
    const { apiTemplate } = synthStage(stage);
    for (const fn of Object.values(resourcesOf(apiTemplate, "AWS::Lambda::Function"))) {
      expect(JSON.stringify(fn.Properties.Environment.Variables.MACHINE_TOKEN_URL)).toContain("/oauth2/token");
    }
  });

  it("accepts only access tokens of the API's user pool client", () => {
    const { apiTemplate } = synthStage(stage);
    apiTemplate.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: {
        Audience: [Match.anyValue()],
        Issuer: Match.objectLike({ "Fn::Join": Match.anyValue() }),
      },
    });
    apiTemplate.hasResourceProperties("AWS::ApiGatewayV2::Api", { ProtocolType: "HTTP" });
    apiTemplate.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AutoDeploy: true,
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: Match.anyValue() }),
    });
  });

  it("publishes new outbox items through a pipe: stream -> relay enrichment -> bus", () => {
    const synthesized = synthStage(stage);
    const { apiTemplate } = synthesized;
    const relay = Object.entries(resourcesOf(apiTemplate, "AWS::Lambda::Function")).find(
      ([, fn]) => fn.Properties.FunctionName === `tenantry-${stage}-outbox-relay`,
    );
    expect(relay).toBeDefined();
    const queues = resourcesOf(apiTemplate, "AWS::SQS::Queue");
    const outboxDlq = Object.entries(queues).find(
      ([, queue]) => queue.Properties.QueueName === `tenantry-${stage}-outbox-dlq`,
    );
    expect(outboxDlq).toBeDefined();

    apiTemplate.resourceCountIs("AWS::Pipes::Pipe", 1);
    apiTemplate.hasResourceProperties("AWS::Pipes::Pipe", {
      Source: Match.anyValue(),
      Enrichment: getAtt(relay?.[0] ?? ""),
      Target: Match.anyValue(),
      SourceParameters: {
        DynamoDBStreamParameters: Match.objectLike({
          StartingPosition: "LATEST",
          DeadLetterConfig: { Arn: getAtt(outboxDlq?.[0] ?? "") },
          MaximumRetryAttempts: Match.anyValue(),
        }),
        FilterCriteria: {
          Filters: [
            {
              Pattern: JSON.stringify({
                eventName: ["INSERT"],
                dynamodb: {
                  Keys: { [tableDefinition.partitionKey]: { S: [{ prefix: OUTBOX_KEY_PREFIX }] } },
                },
              }),
            },
          ],
        },
      },
      TargetParameters: {
        EventBridgeEventBusParameters: { Source: "$.source", DetailType: "$.detailType" },
        InputTemplate: "<$.detail>",
      },
    });
    const [pipe] = Object.values(resourcesOf(apiTemplate, "AWS::Pipes::Pipe"));
    expect(JSON.stringify(pipe?.Properties.Source)).toContain("StreamArn");
    expect(JSON.stringify(pipe?.Properties.Target)).toContain("EventBus");
  });

  it("delivers consumed events to each consuming service, with retries and a dead-letter queue", () => {
    const synthesized = synthStage(stage);
    const { apiTemplate } = synthesized;
    const consumers = serviceCatalog.filter((service) => consumerPatternFor(service.name));
    expect(consumers.length).toBeGreaterThan(0);
    apiTemplate.resourceCountIs("AWS::Events::Rule", consumers.length);
    for (const service of consumers) {
      apiTemplate.hasResourceProperties("AWS::Events::Rule", {
        EventBusName: Match.anyValue(),
        EventPattern: consumerPatternFor(service.name),
        Targets: [
          Match.objectLike({
            Arn: getAtt(functionIdOf(synthesized, service.name)),
            DeadLetterConfig: { Arn: Match.anyValue() },
            RetryPolicy: { MaximumRetryAttempts: Match.anyValue(), MaximumEventAgeInSeconds: Match.anyValue() },
          }),
        ],
      });
      // Handler errors after Lambda's own async retries land in the same queue.
      apiTemplate.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
        FunctionName: { Ref: functionIdOf(synthesized, service.name) },
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      });
    }
    for (const queue of Object.values(resourcesOf(apiTemplate, "AWS::SQS::Queue"))) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    }
    const queuePolicies = JSON.stringify(resourcesOf(apiTemplate, "AWS::SQS::QueuePolicy"));
    expect(queuePolicies).toContain("aws:SecureTransport");
  });

  it("grants each function only what the catalog lists", () => {
    const synthesized = synthStage(stage);
    for (const service of serviceCatalog) {
      const actions = actionsOf(statementsOf(synthesized, service.name));
      expect(actions).not.toContain("dynamodb:Scan");
      expect(actions.includes("dynamodb:Query"), service.name).toBe(service.access.table ?? true);
      expect(actions.filter((action) => action.startsWith("cognito-idp:")).sort()).toEqual(
        [...service.access.userPoolActions].sort(),
      );
      expect(actions.filter((action) => action.startsWith("kms:")).sort()).toEqual(
        service.access.kms.map((operation) => `kms:${operation}`).sort(),
      );
      expect(actions.includes("ses:SendEmail")).toBe(service.access.sendsEmail);
      expect(actions.some((action) => action.endsWith("*"))).toBe(false);
    }
  });

  it("serves the docs from a function that only reads its bundle: no table, no keys, no pool", () => {
    const synthesized = synthStage(stage);
    const actions = actionsOf(statementsOf(synthesized, "docs"));
    expect(actions.filter((action) => !action.startsWith("logs:") && !action.startsWith("xray:"))).toEqual([]);
    const docsRoutes = serviceCatalog.find((service) => service.name === "docs")?.routes ?? [];
    expect(docsRoutes.map((route) => `${route.method} ${route.path}`).sort()).toEqual([
      "GET /docs",
      "GET /docs/api-reference.js",
      "GET /docs/events",
      "GET /events.json",
      "GET /openapi.json",
    ]);
  });

  it("outputs what a client and an operator need", () => {
    const { apiTemplate } = synthStage(stage);
    for (const output of ["ApiUrl", "TableName", "UserPoolId", "UserPoolClientId", "EventBusName"]) {
      apiTemplate.hasOutput(output, {});
    }
  });
});

describe("stage isolation", () => {
  beforeAll(() => void synthStage("pr-42"), SYNTH_TIMEOUT_MS);

  it("gives two stages distinct stack names and physical names", () => {
    const [a, b] = [synthStage("dev"), synthStage("pr-42")];
    expect(a.api.stackName).toBe("Tenantry-dev-Api");
    expect(b.api.stackName).toBe("Tenantry-pr-42-Api");
    expect(a.stateful.stackName).not.toBe(b.stateful.stackName);

    // Names that must be unique per account and region.
    const namedTypes: Record<string, string> = {
      "AWS::Lambda::Function": "FunctionName",
      "AWS::SQS::Queue": "QueueName",
      "AWS::Events::EventBus": "Name",
      "AWS::Pipes::Pipe": "Name",
      "AWS::CloudWatch::Alarm": "AlarmName",
      "AWS::SNS::Topic": "TopicName",
    };
    const physicalNames = ({ apiTemplate, statefulTemplate }: SynthesizedStage) =>
      [apiTemplate, statefulTemplate].flatMap((template) =>
        Object.entries(namedTypes).flatMap(([type, key]) =>
          Object.values(resourcesOf(template, type))
            .map((resource) => resource.Properties[key] as string | undefined)
            // Unnamed (CDK's own custom-resource providers): CloudFormation makes those names unique.
            .filter((name) => name !== undefined),
        ),
      );
    const namesOfA = physicalNames(a);
    expect(namesOfA.length).toBeGreaterThan(5);
    expect(namesOfA.filter((name) => physicalNames(b).includes(name))).toEqual([]);
  });
});
