import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveStage } from "../../infra/stage-config.ts";
import { serviceCatalog } from "../../services/catalog.ts";
import { corsPolicy } from "../../shared/src/http/cors.ts";
import { BUSINESS_METRICS, METRICS_NAMESPACE } from "../../shared/src/observability/business-metrics.ts";
import { logicalIdOf, resourcesOf, SYNTH_TIMEOUT_MS, type SynthesizedStage, synthStage } from "./stage-app.ts";

const CUSTOM_DOMAIN = {
  domainName: "api.dev.tenantry.example",
  certificateArn: "arn:aws:acm:eu-central-1:123456789012:certificate/0b5e6f2c-1111-2222-3333-444455556666",
};
const ALARM_EMAIL = "oncall@tenantry.example";
const configured = () => synthStage("dev", { ...CUSTOM_DOMAIN, alarmEmail: ALARM_EMAIL });

const ref = (logicalId: string) => ({ Ref: logicalId });

describe.each(["dev", "prod", "pr-42"])("edge of the %s stage", (stageName) => {
  const { config } = resolveStage(stageName);
  beforeAll(() => void synthStage(stageName), SYNTH_TIMEOUT_MS);

  it("lets the stage's allowed origins call the API, with the headers the API reads and answers", () => {
    const { apiTemplate } = synthStage(stageName);
    expect(config.allowedOrigins.length).toBeGreaterThan(0);
    apiTemplate.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      CorsConfiguration: {
        AllowOrigins: config.allowedOrigins,
        AllowMethods: [...corsPolicy.allowMethods],
        AllowHeaders: Match.arrayWith(["authorization", "content-type", "if-match", "idempotency-key", "x-mfa-code"]),
        ExposeHeaders: Match.arrayWith([
          "etag",
          "location",
          "retry-after",
          "ratelimit-limit",
          "ratelimit-remaining",
          "ratelimit-reset",
        ]),
        MaxAge: corsPolicy.maxAgeSeconds,
        AllowCredentials: false,
      },
    });
  });

  it("throttles the API's default route at the stage's rate and burst", () => {
    const { apiTemplate } = synthStage(stageName);
    apiTemplate.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      DefaultRouteSettings: Match.objectLike({
        ThrottlingRateLimit: config.apiRateLimit,
        ThrottlingBurstLimit: config.apiBurstLimit,
      }),
    });
  });

  it("has no custom domain unless one is configured", () => {
    const { apiTemplate } = synthStage(stageName);
    apiTemplate.resourceCountIs("AWS::ApiGatewayV2::DomainName", 0);
    apiTemplate.resourceCountIs("AWS::ApiGatewayV2::ApiMapping", 0);
    expect(Object.keys(apiTemplate.findOutputs("CustomDomainTarget"))).toEqual([]);
  });

  it("sends every alarm to one encrypted, TLS-only SNS topic, with no subscription by default", () => {
    const { apiTemplate, api } = synthStage(stageName);
    apiTemplate.resourceCountIs("AWS::SNS::Topic", 1);
    const topicId = logicalIdOf(api, api.alarms.topic);
    const [topic] = Object.values(resourcesOf(apiTemplate, "AWS::SNS::Topic"));
    expect(topic?.Properties.KmsMasterKeyId).toEqual({ "Fn::GetAtt": [expect.any(String), "Arn"] });
    apiTemplate.hasResourceProperties("AWS::SNS::TopicPolicy", {
      Topics: [ref(topicId)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
    // CloudWatch may use the topic's key, or it cannot publish to it.
    apiTemplate.hasResourceProperties("AWS::KMS::Key", {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          }),
        ]),
      },
    });
    apiTemplate.resourceCountIs("AWS::SNS::Subscription", 0);
    apiTemplate.hasOutput("AlarmTopicArn", { Value: ref(topicId) });

    const alarms = Object.values(resourcesOf(apiTemplate, "AWS::CloudWatch::Alarm"));
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions, alarm.Properties.AlarmName).toEqual([ref(topicId)]);
      expect(alarm.Properties.OKActions, alarm.Properties.AlarmName).toEqual([ref(topicId)]);
    }
  });

  it("alarms on the API's 5xx rate above the stage's threshold", () => {
    const { apiTemplate, api } = synthStage(stageName);
    const apiId = logicalIdOf(api, api.httpApi);
    const [alarm] = Object.values(resourcesOf(apiTemplate, "AWS::CloudWatch::Alarm")).filter(
      (candidate) => candidate.Properties.AlarmName === `tenantry-${stageName}-alarm-api-5xx-rate`,
    );
    expect(alarm?.Properties).toMatchObject({
      Threshold: config.alarms.serverErrorRatePercent,
      ComparisonOperator: "GreaterThanThreshold",
      TreatMissingData: "notBreaching",
    });
    const metrics = alarm?.Properties.Metrics as Array<Record<string, any>>;
    expect(metrics.find((metric) => metric.Expression)?.Expression).toBe(
      "IF(requests > 0, 100 * errors / requests, 0)",
    );
    const inputs = Object.fromEntries(
      metrics.filter((metric) => metric.MetricStat).map((metric) => [metric.Id, metric.MetricStat.Metric]),
    );
    expect(inputs.errors).toMatchObject({ Namespace: "AWS/ApiGateway", MetricName: "5xx" });
    expect(inputs.requests).toMatchObject({ Namespace: "AWS/ApiGateway", MetricName: "Count" });
    for (const input of [inputs.errors, inputs.requests]) {
      expect(input.Dimensions).toEqual(
        expect.arrayContaining([
          { Name: "ApiId", Value: ref(apiId) },
          { Name: "Stage", Value: "$default" },
        ]),
      );
    }
  });

  it("alarms on errors and throttles of every function", () => {
    const { apiTemplate } = synthStage(stageName);
    const functionIds = Object.keys(resourcesOf(apiTemplate, "AWS::Lambda::Function")).filter((id) =>
      // CDK's own custom-resource providers (e.g. the log retention one) are not the platform's code.
      String(resourcesOf(apiTemplate, "AWS::Lambda::Function")[id]?.Properties.FunctionName ?? "").startsWith(
        `tenantry-${stageName}-`,
      ),
    );
    // The catalog's services, the outbox relay and the machine authorizer.
    expect(functionIds).toHaveLength(serviceCatalog.length + 2);
    const alarms = Object.values(resourcesOf(apiTemplate, "AWS::CloudWatch::Alarm"));
    // The user pool's custom-auth trigger lives in the stateful stack: its alarms name it by its output.
    for (const metricName of ["Errors", "Throttles"]) {
      const onImported = alarms.filter(
        (alarm) =>
          alarm.Properties.Namespace === "AWS/Lambda" &&
          alarm.Properties.MetricName === metricName &&
          JSON.stringify(alarm.Properties.Dimensions).includes("AuthChallengeFunction"),
      );
      expect(onImported, `${metricName} of the auth-challenge trigger`).toHaveLength(1);
    }
    for (const functionId of functionIds) {
      for (const metricName of ["Errors", "Throttles"]) {
        const watching = alarms.filter(
          (alarm) =>
            alarm.Properties.Namespace === "AWS/Lambda" &&
            alarm.Properties.MetricName === metricName &&
            JSON.stringify(alarm.Properties.Dimensions) ===
              JSON.stringify([{ Name: "FunctionName", Value: ref(functionId) }]),
        );
        expect(watching, `${metricName} of ${functionId}`).toHaveLength(1);
        expect(watching[0]?.Properties).toMatchObject({
          Statistic: "Sum",
          Threshold: 1,
          ComparisonOperator: "GreaterThanOrEqualToThreshold",
        });
      }
    }
  });

  it("alarms when any dead-letter queue holds a message", () => {
    const { apiTemplate } = synthStage(stageName);
    const queueIds = Object.keys(resourcesOf(apiTemplate, "AWS::SQS::Queue"));
    // The outbox pipe's, the scheduler's and one per consuming service.
    expect(queueIds.length).toBeGreaterThanOrEqual(3);
    const alarms = Object.values(resourcesOf(apiTemplate, "AWS::CloudWatch::Alarm"));
    for (const queueId of queueIds) {
      const watching = alarms.filter(
        (alarm) =>
          alarm.Properties.MetricName === "ApproximateNumberOfMessagesVisible" &&
          JSON.stringify(alarm.Properties.Dimensions) ===
            JSON.stringify([{ Name: "QueueName", Value: { "Fn::GetAtt": [queueId, "QueueName"] } }]),
      );
      expect(watching, queueId).toHaveLength(1);
      expect(watching[0]?.Properties).toMatchObject({
        Namespace: "AWS/SQS",
        Statistic: "Maximum",
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
      });
    }
  });

  it("alarms on privacy job failures and on a due privacy request left waiting, from the job's metrics", () => {
    const { apiTemplate } = synthStage(stageName);
    const dimensions = [
      { Name: "service", Value: "privacy" },
      { Name: "stage", Value: stageName },
    ];
    apiTemplate.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: METRICS_NAMESPACE,
      MetricName: BUSINESS_METRICS.privacyJobFailures.name,
      Dimensions: dimensions,
      Statistic: "Sum",
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "notBreaching",
    });
    apiTemplate.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: METRICS_NAMESPACE,
      MetricName: BUSINESS_METRICS.oldestDuePrivacyRequestAge.name,
      Dimensions: dimensions,
      Statistic: "Maximum",
      Threshold: config.alarms.oldestDuePrivacyRequestMinutes * 60,
      ComparisonOperator: "GreaterThanThreshold",
      // The job publishes the age on every run: silence means it stopped running.
      TreatMissingData: "breaching",
    });
  });

  it("has exactly these alarms: 5xx rate, two per function, one per DLQ, two for the privacy job", () => {
    const { apiTemplate } = synthStage(stageName);
    // The catalog's services, the outbox relay, the machine authorizer and the custom-auth trigger.
    const functions = serviceCatalog.length + 3;
    const queues = Object.keys(resourcesOf(apiTemplate, "AWS::SQS::Queue")).length;
    apiTemplate.resourceCountIs("AWS::CloudWatch::Alarm", 1 + 2 * functions + queues + 2);
  });
});

describe("a stage configured with a custom domain and an alarm email", () => {
  beforeAll(() => void configured(), SYNTH_TIMEOUT_MS);

  it("maps the domain, with its ACM certificate, to the API's stage and outputs its DNS target", () => {
    const synthesized: SynthesizedStage = configured();
    const { apiTemplate, api } = synthesized;
    apiTemplate.resourceCountIs("AWS::ApiGatewayV2::DomainName", 1);
    apiTemplate.hasResourceProperties("AWS::ApiGatewayV2::DomainName", {
      DomainName: CUSTOM_DOMAIN.domainName,
      DomainNameConfigurations: [
        Match.objectLike({
          CertificateArn: CUSTOM_DOMAIN.certificateArn,
          EndpointType: "REGIONAL",
          SecurityPolicy: "TLS_1_2",
        }),
      ],
    });
    const domainId = logicalIdOf(api, api.customDomain as never);
    apiTemplate.hasResourceProperties("AWS::ApiGatewayV2::ApiMapping", {
      ApiId: ref(logicalIdOf(api, api.httpApi)),
      DomainName: ref(domainId),
      Stage: "$default",
    });
    apiTemplate.hasOutput("CustomDomainTarget", {
      Value: { "Fn::GetAtt": [domainId, "RegionalDomainName"] },
    });
  });

  it("sends links and reports the API on the custom domain", () => {
    const { apiTemplate } = configured();
    apiTemplate.hasOutput("ApiUrl", { Value: `https://${CUSTOM_DOMAIN.domainName}` });
    for (const fn of Object.values(resourcesOf(apiTemplate, "AWS::Lambda::Function"))) {
      const variables = fn.Properties.Environment?.Variables as Record<string, unknown> | undefined;
      if (variables?.STAGE) expect(variables.APP_BASE_URL).toBe(`https://${CUSTOM_DOMAIN.domainName}`);
    }
  });

  it("subscribes the alarm email to the alarm topic", () => {
    const { apiTemplate, api } = configured();
    apiTemplate.resourceCountIs("AWS::SNS::Subscription", 1);
    apiTemplate.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: ALARM_EMAIL,
      TopicArn: ref(logicalIdOf(api, api.alarms.topic)),
    });
  });

  it("refuses half a custom domain", () => {
    expect(() => synthStage("dev", { domainName: CUSTOM_DOMAIN.domainName })).toThrow(/certificateArn/);
  });
});
