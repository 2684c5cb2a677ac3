import { Duration, Stack } from "aws-cdk-lib";
import type { IHttpStage } from "aws-cdk-lib/aws-apigatewayv2";
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import {
  BUSINESS_METRICS,
  businessMetricDimensions,
  METRICS_NAMESPACE,
} from "../shared/src/observability/business-metrics.ts";
import { removalPolicyOf, resourceNameOf, type Stage } from "./stage-config.ts";

/** Props of {@link StageAlarms}. */
export interface StageAlarmsProps {
  /** The stage whose thresholds and alarm email apply. */
  stage: Stage;
  /** The HTTP API's stage: its 5xx rate is watched. */
  apiStage: IHttpStage;
  /** Every function of the stage, by a short name used in alarm names: errors and throttles. */
  functions: ReadonlyMap<string, IFunction>;
  /** Every dead-letter queue of the stage, by name: anything in one needs a look. */
  deadLetterQueues: ReadonlyMap<string, IQueue>;
  /** The service that runs the privacy job and publishes its figures. */
  privacyServiceName: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * The stage's CloudWatch alarms, every one notifying a single SNS topic (on alarm and on recovery):
 * the API's 5xx rate, errors and throttles of every function, any message in any dead-letter queue,
 * failed privacy requests, and the age of the oldest due privacy request. The topic is encrypted
 * with its own key, which CloudWatch may use to publish.
 */
export class StageAlarms extends Construct {
  /** Where every alarm of the stage goes; subscribe people or tooling to it. */
  readonly topic: Topic;
  /** The alarms, by a name saying what each watches. */
  readonly alarms: ReadonlyMap<string, Alarm>;

  constructor(scope: Construct, id: string, props: StageAlarmsProps) {
    super(scope, id);
    const { stage } = props;
    const thresholds = stage.config.alarms;

    const key = new Key(this, "TopicKey", {
      description: `Tenantry ${stage.name}: encrypts the alarm topic`,
      enableKeyRotation: true,
      removalPolicy: removalPolicyOf(stage.config),
    });
    // CloudWatch publishes to an encrypted topic only with a customer managed key that lets it.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
    );
    this.topic = new Topic(this, "Topic", {
      topicName: resourceNameOf(stage, "alarms"),
      displayName: `Tenantry ${stage.name} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    if (thresholds.email) this.topic.addSubscription(new EmailSubscription(thresholds.email));

    const alarms = new Map<string, Alarm>();
    const action = new SnsAction(this.topic);
    const alarm = (
      name: string,
      description: string,
      metric: IMetric,
      options: { threshold: number; comparison: ComparisonOperator; missing: TreatMissingData },
    ) => {
      const created = new Alarm(this, name, {
        alarmName: resourceNameOf(stage, `alarm-${name}`),
        alarmDescription: description,
        metric,
        threshold: options.threshold,
        comparisonOperator: options.comparison,
        evaluationPeriods: 1,
        treatMissingData: options.missing,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      alarms.set(name, created);
    };
    const anyAtAll = {
      threshold: 1,
      comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      missing: TreatMissingData.NOT_BREACHING,
    };

    // Handlers answer problems (4xx) for everything they expect: a 5xx is a fault or a timeout.
    alarm(
      "api-5xx-rate",
      `More than ${thresholds.serverErrorRatePercent}% of API requests answered 5xx over 5 minutes`,
      new MathExpression({
        expression: "IF(requests > 0, 100 * errors / requests, 0)",
        usingMetrics: {
          errors: props.apiStage.metricServerError({ period: FIVE_MINUTES, statistic: "Sum" }),
          requests: props.apiStage.metricCount({ period: FIVE_MINUTES, statistic: "Sum" }),
        },
        period: FIVE_MINUTES,
        label: "5xx rate (%)",
      }),
      {
        threshold: thresholds.serverErrorRatePercent,
        comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
        missing: TreatMissingData.NOT_BREACHING,
      },
    );

    for (const [name, fn] of props.functions) {
      alarm(
        `${name}-errors`,
        `The ${name} function failed an invocation (an uncaught error, a timeout or a crash)`,
        fn.metricErrors({ period: FIVE_MINUTES, statistic: "Sum" }),
        anyAtAll,
      );
      alarm(
        `${name}-throttles`,
        `The ${name} function was throttled (account or reserved concurrency exhausted)`,
        fn.metricThrottles({ period: FIVE_MINUTES, statistic: "Sum" }),
        anyAtAll,
      );
    }

    for (const [name, queue] of props.deadLetterQueues) {
      alarm(
        `${name}-not-empty`,
        `The dead-letter queue ${name} holds messages: look at them, fix the cause, redrive`,
        queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: "Maximum" }),
        {
          threshold: 0,
          comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
          missing: TreatMissingData.NOT_BREACHING,
        },
      );
    }

    const privacyMetric = (metric: keyof typeof BUSINESS_METRICS, statistic: string) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: BUSINESS_METRICS[metric].name,
        dimensionsMap: businessMetricDimensions(props.privacyServiceName, stage.name),
        period: FIVE_MINUTES,
        statistic,
      });
    alarm(
      "privacy-job-failures",
      "The privacy job could not fulfil a privacy request (an export failed for good, or an entry failed)",
      privacyMetric("privacyJobFailures", "Sum"),
      anyAtAll,
    );
    // Every run publishes the age (0 with nothing due), so no data means the job is not running.
    alarm(
      "privacy-oldest-due-request",
      `A due privacy request has waited more than ${thresholds.oldestDuePrivacyRequestMinutes} minutes, or the job has not run for 15 minutes`,
      privacyMetric("oldestDuePrivacyRequestAge", "Maximum").with({ period: Duration.minutes(15) }),
      {
        threshold: thresholds.oldestDuePrivacyRequestMinutes * 60,
        comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
        missing: TreatMissingData.BREACHING,
      },
    );
    this.alarms = alarms;
  }
}
