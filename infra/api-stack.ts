import { type CfnElement, CfnOutput, Duration, Stack, type StackProps, Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  ApiMapping,
  CorsHttpMethod,
  DomainName,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  type HttpStage,
  LogGroupLogDestination,
  SecurityPolicy,
} from "aws-cdk-lib/aws-apigatewayv2";
import {
  HttpLambdaAuthorizer,
  HttpLambdaResponseType,
  HttpUserPoolAuthorizer,
} from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import type { IUserPool, IUserPoolClient } from "aws-cdk-lib/aws-cognito";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { type IEventBus, Rule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { CfnPipe } from "aws-cdk-lib/aws-pipes";
import { Schedule, ScheduleExpression, ScheduleTargetInput } from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import { type ISecret, Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { type ServiceDescriptor, serviceCatalog } from "../services/catalog.ts";
import { privacyJobSchedule } from "../services/privacy/src/schedule.ts";
import { openIdProviderSchema } from "../shared/src/config/openid-providers.ts";
import { consumerPatternFor } from "../shared/src/events/registry.ts";
import { OUTBOX_KEY_PREFIX } from "../shared/src/events/relay.ts";
import { corsPolicy } from "../shared/src/http/cors.ts";
import { routeKeyOf } from "../shared/src/http/route.ts";
import { tableDefinition } from "../shared/src/table/definition.ts";
import { avatarBucketNameOf } from "./avatar-store.ts";
import { noAccess, type PlatformResources, ServiceFunction } from "./service-function.ts";
import { StageAlarms } from "./stage-alarms.ts";
import { removalPolicyOf, resourceNameOf, type Stage } from "./stage-config.ts";

/** The machine routes' authorizer: verifies client-credentials tokens of the pool. */
export const MACHINE_AUTHORIZER_ENTRY = "shared/src/auth/machine-authorizer-lambda.ts";

/** The outbox relay: the pipe's enrichment turning stream records into bus entries. */
export const RELAY_ENTRY = "shared/src/events/relay-lambda.ts";

/** Props of {@link ApiStack}. */
export interface ApiStackProps extends StackProps {
  /** The stage this stack serves. */
  stage: Stage;
  /** The user pool's custom-auth trigger function (in the stateful stack): alarmed here with the others. */
  authChallengeFunction: IFunction;
  /** The single table (from the stateful stack). */
  table: ITable;
  /** The user pool whose access tokens the API accepts. */
  userPool: IUserPool;
  /** The app client the tokens must be issued to. */
  userPoolClient: IUserPoolClient;
  /** The key that seals link tokens. */
  key: IKey;
  /** The stage's event bus. */
  eventBus: IEventBus;
  /** The HMAC key that seals list cursors. */
  cursorSigningSecret: ISecret;
  /** Public base URL of published avatars (the CloudFront distribution). */
  avatarPublicBaseUrl: string;
  /** The user pool domain's token endpoint, handed to new machine clients. */
  machineTokenUrl: string;
  /** The Telegram support bot's token and webhook secret. */
  telegramBot: { botToken: ISecret; webhookSecret: ISecret };
}

/**
 * The stateless part of a stage: one function per service behind an HTTP API, the outbox pipe
 * from the table stream to the bus, and one rule per consuming service.
 */
export class ApiStack extends Stack {
  /** The HTTP API. */
  readonly httpApi: HttpApi;
  /** The API's `$default` stage. */
  readonly apiStage: HttpStage;
  /** Each service's function, by service name. */
  readonly functions: ReadonlyMap<string, ServiceFunction>;
  /** The API's custom domain, when the stage configures one. */
  readonly customDomain?: DomainName;
  /** The stage's alarms and the SNS topic they notify. */
  readonly alarms: StageAlarms;
  private readonly deadLetterQueues = new Map<string, Queue>();
  /** The machine routes' Lambda authorizer function. */
  readonly machineAuthorizerFunction: ServiceFunction;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { stage } = props;

    this.httpApi = new HttpApi(this, "HttpApi", {
      apiName: resourceNameOf(stage, "api"),
      description: `Tenantry ${stage.name} API`,
      createDefaultStage: false,
      // Browser portals on the stage's allowed origins; API Gateway answers their preflights.
      ...(stage.config.allowedOrigins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: stage.config.allowedOrigins,
              allowMethods: corsPolicy.allowMethods.map((method) => CorsHttpMethod[method]),
              allowHeaders: [...corsPolicy.allowHeaders],
              exposeHeaders: [...corsPolicy.exposeHeaders],
              maxAge: Duration.seconds(corsPolicy.maxAgeSeconds),
              allowCredentials: false,
            },
          }
        : {}),
    });
    const accessLogs = new LogGroup(this, "ApiAccessLogs", {
      retention: stage.config.logRetention,
      removalPolicy: removalPolicyOf(stage.config),
    });
    this.apiStage = this.httpApi.addStage("DefaultStage", {
      stageName: "$default",
      autoDeploy: true,
      throttle: { rateLimit: stage.config.apiRateLimit, burstLimit: stage.config.apiBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // Request id, route and status only: no headers, query strings or bodies (personal data).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: "$context.requestId",
            time: "$context.requestTime",
            routeKey: "$context.routeKey",
            status: "$context.status",
            latencyMs: "$context.responseLatency",
            integrationStatus: "$context.integrationStatus",
            integrationError: "$context.integrationErrorMessage",
            authorizerError: "$context.authorizer.error",
            sourceIp: "$context.identity.sourceIp",
          }),
        ),
      },
    });
    const { customDomain } = stage.config;
    if (customDomain) {
      this.customDomain = new DomainName(this, "CustomDomain", {
        domainName: customDomain.domainName,
        certificate: Certificate.fromCertificateArn(this, "CustomDomainCertificate", customDomain.certificateArn),
        securityPolicy: SecurityPolicy.TLS_1_2,
      });
      new ApiMapping(this, "CustomDomainMapping", {
        api: this.httpApi,
        domainName: this.customDomain,
        stage: this.apiStage,
      });
      // Point the domain here (an alias record, or a CNAME).
      new CfnOutput(this, "CustomDomainTarget", { value: this.customDomain.regionalDomainName });
    }
    const apiUrl = customDomain ? `https://${customDomain.domainName}` : this.apiStage.url.replace(/\/$/, "");
    const platform: PlatformResources = {
      table: props.table,
      userPool: props.userPool,
      userPoolClient: props.userPoolClient,
      key: props.key,
      cursorSigningSecret: props.cursorSigningSecret,
      appBaseUrl: stage.config.appBaseUrl ?? apiUrl,
      // By its derived name, not by reference: grants name the bucket without a cross-stack import.
      avatarBucketName: avatarBucketNameOf(stage),
      avatarPublicBaseUrl: props.avatarPublicBaseUrl,
      machineTokenUrl: props.machineTokenUrl,
      telegramBot: props.telegramBot,
      openIdProviders: this.openIdProvidersEnvironment(stage),
    };

    // One authorizer for every protected route; platform-admin routes also check the
    // `cognito:groups` claim inside the service, since HTTP API JWT authorizers match scopes only.
    const authorizer = new HttpUserPoolAuthorizer("UserPoolAuthorizer", props.userPool, {
      userPoolClients: [props.userPoolClient],
      authorizerName: "cognito-access-token",
    });

    this.machineAuthorizerFunction = this.machineAuthorizerFunctionFor(stage, platform);
    const machineAuthorizer = new HttpLambdaAuthorizer(
      "MachineTokenAuthorizer",
      this.machineAuthorizerFunction.function,
      {
        authorizerName: "machine-token",
        responseTypes: [HttpLambdaResponseType.SIMPLE],
        identitySource: ["$request.header.Authorization"],
        resultsCacheTtl: Duration.minutes(5),
      },
    );

    const functions = new Map<string, ServiceFunction>();
    for (const service of serviceCatalog) {
      const fn = new ServiceFunction(this, `Service-${service.name}`, {
        serviceName: service.name,
        entry: service.entry,
        stage,
        platform,
        access: { ...service.access, table: service.access.table ?? true },
        description: `Tenantry ${service.name} service: HTTP routes and event consumers`,
        ...(service.timeoutSeconds ? { timeout: Duration.seconds(service.timeoutSeconds) } : {}),
        ...(service.generatedAssets ? { generatedAssets: service.generatedAssets } : {}),
      });
      functions.set(service.name, fn);

      // One permission per function for the whole API keeps the resource policy small.
      const integration = new HttpLambdaIntegration(`${service.name}-integration`, fn.function, {
        scopePermissionToRoute: false,
      });
      for (const route of service.routes) {
        const httpRoute = new HttpRoute(this, `Route-${service.name}-${route.operationId}`, {
          httpApi: this.httpApi,
          routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
          integration,
          authorizer: route.auth === "public" ? undefined : route.auth === "machine" ? machineAuthorizer : authorizer,
        });
        if (route.auth === "public") {
          Validations.of(httpRoute).acknowledge({
            id: "AwsSolutions-APIG4",
            reason: `${routeKeyOf(route)} is public in the service catalog (sign-up, sign-in, emailed links, the Telegram webhook guarded by its secret header).`,
          });
        }
      }

      this.addConsumerRule(stage, service, fn, props.eventBus);
    }
    this.functions = functions;

    const relay = this.addOutboxPipe(stage, props, platform);
    const privacy = functions.get("privacy");
    if (privacy) this.addPrivacyJobSchedule(stage, privacy);

    const everyFunction = new Map<string, IFunction>([...functions].map(([name, fn]) => [name, fn.function] as const));
    everyFunction.set("outbox-relay", relay.function);
    everyFunction.set("machine-authorizer", this.machineAuthorizerFunction.function);
    everyFunction.set("auth-challenge", props.authChallengeFunction);
    this.alarms = new StageAlarms(this, "Alarms", {
      stage,
      apiStage: this.apiStage,
      functions: everyFunction,
      deadLetterQueues: this.deadLetterQueues,
      privacyServiceName: "privacy",
    });

    new CfnOutput(this, "ApiUrl", { value: apiUrl });
    new CfnOutput(this, "TableName", { value: props.table.tableName });
    new CfnOutput(this, "UserPoolId", { value: props.userPool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: props.userPoolClient.userPoolClientId });
    new CfnOutput(this, "MachineTokenUrl", { value: props.machineTokenUrl });
    new CfnOutput(this, "EventBusName", { value: props.eventBus.eventBusName });
    new CfnOutput(this, "AlarmTopicArn", { value: this.alarms.topic.topicArn });
  }

  /**
   * Machine routes take client-credentials tokens of clients created at run time, which a JWT
   * authorizer (a static audience list) cannot accept: a Lambda authorizer verifies them against
   * the pool's JWKS instead, refuses user tokens, and hands the client and its scopes to the
   * service, which checks each route's `scopes` (a missing one is a `403` problem). Answers are
   * cached per token for five minutes; a deleted client's tokens expire within the hour anyway.
   */
  private machineAuthorizerFunctionFor(stage: Stage, platform: PlatformResources) {
    return new ServiceFunction(this, "MachineAuthorizer", {
      serviceName: "machine-authorizer",
      entry: MACHINE_AUTHORIZER_ENTRY,
      stage,
      platform,
      // Fetches the pool's public JWKS over HTTPS; no AWS access.
      access: noAccess,
      memorySize: 256,
      timeout: Duration.seconds(5),
      description: "Authorizer of machine routes: verifies client-credentials access tokens of the user pool",
    });
  }

  /**
   * `OIDC_PROVIDERS` from the stage config: each client secret as a dynamic reference to its
   * Secrets Manager secret, which CloudFormation resolves at deployment (as the cursor key).
   */
  private openIdProvidersEnvironment(stage: Stage): string {
    const providers = stage.config.openIdProviders.map(({ clientSecretName, ...provider }) => {
      // The same rules the users service parses OIDC_PROVIDERS with, checked at synth instead of at a cold start.
      openIdProviderSchema().parse({ ...provider, clientSecret: clientSecretName });
      if (new URL(provider.issuer).protocol !== "https:") {
        throw new Error(`OpenID provider ${provider.id}: the issuer must be an https URL`);
      }
      return {
        ...provider,
        clientSecret: Secret.fromSecretNameV2(
          this,
          `OpenIdClientSecret-${provider.id}`,
          clientSecretName,
        ).secretValue.unsafeUnwrap(),
      };
    });
    return this.toJsonString(providers);
  }

  /** EventBridge Scheduler runs the privacy job (SPEC section 8); missed invocations land in a DLQ. */
  private addPrivacyJobSchedule(stage: Stage, fn: ServiceFunction) {
    const role = new Role(this, "PrivacyJobSchedulerRole", {
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com"),
      description: "Lets EventBridge Scheduler invoke the privacy function",
    });
    new Schedule(this, "PrivacyJob", {
      description: "Runs the privacy job: due exports and erasures, in bounded batches",
      schedule: ScheduleExpression.expression(privacyJobSchedule.expression),
      target: new LambdaInvoke(fn.function, {
        role,
        input: ScheduleTargetInput.fromObject(privacyJobSchedule.input),
        retryAttempts: 2,
        deadLetterQueue: this.deadLetterQueue(
          "privacy-job-dlq",
          "privacy job invocations the scheduler could not deliver",
          stage,
        ),
      }),
    });
    const functionId = this.getLogicalId(fn.function.node.defaultChild as CfnElement);
    Validations.of(role.node.findChild("DefaultPolicy")).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
      reason: "Invoking the privacy function's versions and aliases; the grant names that function only.",
    });
  }

  /** A rule delivering the events a service consumes to its function, with a DLQ for failures. */
  private addConsumerRule(stage: Stage, service: ServiceDescriptor, fn: ServiceFunction, bus: IEventBus) {
    const pattern = consumerPatternFor(service.name);
    if (!pattern) return;

    const deadLetters = this.deadLetterQueue(
      `${service.name}-events-dlq`,
      `events that could not be delivered to the ${service.name} function, or that it failed to process`,
      stage,
    );
    new Rule(this, `Consumer-${service.name}`, {
      eventBus: bus,
      description: `Events consumed by the ${service.name} service`,
      eventPattern: { source: pattern.source, detailType: pattern["detail-type"] },
      targets: [
        new LambdaFunction(fn.function, {
          deadLetterQueue: deadLetters,
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
    // EventBridge invokes asynchronously: a handler error is retried by Lambda, then lands here.
    fn.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(deadLetters),
    });
  }

  /**
   * The transactional outbox's publisher: the table stream, filtered to new outbox items, enriched
   * by the relay (stream record -> `{source, detailType, detail}`), put on the bus.
   */
  private addOutboxPipe(stage: Stage, props: ApiStackProps, platform: PlatformResources): ServiceFunction {
    const relay = new ServiceFunction(this, "OutboxRelay", {
      serviceName: "outbox-relay",
      entry: RELAY_ENTRY,
      stage,
      platform,
      // Pure transformation of the records it is handed: no AWS access.
      access: noAccess,
      memorySize: 256,
      timeout: Duration.seconds(30),
      description: "Outbox relay: EventBridge Pipes enrichment, stream records to bus entries",
    });

    const deadLetters = this.deadLetterQueue(
      "outbox-dlq",
      "outbox stream records the pipe could not publish after its retries",
      stage,
    );
    const pipeLogs = new LogGroup(this, "OutboxPipeLogs", {
      retention: stage.config.logRetention,
      removalPolicy: removalPolicyOf(stage.config),
    });

    const role = new Role(this, "OutboxPipeRole", {
      assumedBy: new ServicePrincipal("pipes.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": this.account } },
      }),
      description: `Tenantry ${stage.name} outbox pipe`,
    });
    const streamArn = props.table.tableStreamArn;
    if (!streamArn) throw new Error("The table needs a stream for the outbox pipe.");
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
        resources: [streamArn],
      }),
    );
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ["dynamodb:ListStreams"], resources: ["*"] }));
    relay.function.grantInvoke(role);
    props.eventBus.grantPutEventsTo(role);
    deadLetters.grantSendMessages(role);
    pipeLogs.grantWrite(role);

    const pipe = new CfnPipe(this, "OutboxPipe", {
      name: resourceNameOf(stage, "outbox"),
      description: "Publishes outbox items from the table stream to the event bus",
      roleArn: role.roleArn,
      source: streamArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          // Outbox items written before the pipe existed were never meant to be replayed.
          startingPosition: "LATEST",
          // PutEvents takes at most 10 entries per call.
          batchSize: 10,
          maximumRetryAttempts: 10,
          maximumRecordAgeInSeconds: 24 * 60 * 60,
          // A poison record is isolated by halving the batch instead of blocking the shard.
          onPartialBatchItemFailure: "AUTOMATIC_BISECT",
          deadLetterConfig: { arn: deadLetters.queueArn },
        },
        filterCriteria: {
          filters: [
            {
              pattern: JSON.stringify({
                eventName: ["INSERT"],
                dynamodb: {
                  Keys: { [tableDefinition.partitionKey]: { S: [{ prefix: OUTBOX_KEY_PREFIX }] } },
                },
              }),
            },
          ],
        },
      },
      enrichment: relay.function.functionArn,
      target: props.eventBus.eventBusArn,
      targetParameters: {
        // Dynamic path parameters and the template are both evaluated against the enrichment's
        // output (one `{source, detailType, detail}` per record), not the raw stream record.
        eventBridgeEventBusParameters: { source: "$.source", detailType: "$.detailType" },
        inputTemplate: "<$.detail>",
      },
      logConfiguration: {
        level: "ERROR",
        cloudwatchLogsLogDestination: { logGroupArn: pipeLogs.logGroupArn },
      },
    });
    // The role's policy must exist before the pipe starts polling, or its first calls are denied.
    pipe.node.addDependency(role);

    const policy = role.node.findChild("DefaultPolicy");
    const relayId = this.getLogicalId(relay.function.node.defaultChild as CfnElement);
    Validations.of(policy).acknowledge(
      {
        id: "AwsSolutions-IAM5[Resource::*]",
        reason: "dynamodb:ListStreams supports no resource-level permissions.",
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${relayId}.Arn>:*]`,
        reason: "Invoking the relay's versions and aliases; the grant names the relay function only.",
      },
    );
    return relay;
  }

  private deadLetterQueue(name: string, purpose: string, stage: Stage): Queue {
    const queue = new Queue(this, name, {
      queueName: resourceNameOf(stage, name),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: time to investigate and redrive.
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: "AwsSolutions-SQS3",
      reason: `This queue is itself a dead-letter queue: ${purpose}.`,
    });
    this.deadLetterQueues.set(name, queue);
    return queue;
  }
}
