import path from "node:path";
import { Aws, Duration, Validations } from "aws-cdk-lib";
import type { IUserPool, IUserPoolClient } from "aws-cdk-lib/aws-cognito";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { Effect, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { Architecture, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { type ICommandHooks, NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import type { ServiceAccess } from "../services/catalog.ts";
import { AVATAR_PENDING_PREFIX, AVATAR_PUBLIC_PREFIX } from "../services/users/src/domain/avatar.ts";
import { APP_NAME } from "../shared/src/events/registry.ts";
import { tableDefinition } from "../shared/src/table/definition.ts";
import { cdkBundlingOptions, projectRoot } from "./function-bundling.ts";
import { removalPolicyOf, resourceNameOf, type Stage } from "./stage-config.ts";

/** What a function may touch: the catalog's `ServiceAccess` plus whether it uses the table. */
export interface FunctionAccess extends ServiceAccess {
  /** Read/write on the single table and its indexes. */
  table: boolean;
}

/** No AWS access beyond logs and traces. */
export const noAccess: FunctionAccess = { table: false, userPoolActions: [], kms: [], sendsEmail: false };

/** The stage's shared resources every function is configured with. */
export interface PlatformResources {
  /** The single table. */
  table: ITable;
  /** The Cognito user pool. */
  userPool: IUserPool;
  /** The API's app client. */
  userPoolClient: IUserPoolClient;
  /** The key that seals link tokens. */
  key: IKey;
  /** The HMAC key that seals list cursors. */
  cursorSigningSecret: ISecret;
  /** `MACHINE_TOKEN_URL`: the user pool domain's token endpoint, handed to new machine clients. */
  machineTokenUrl: string;
  /** `APP_BASE_URL` of the stage's functions. */
  appBaseUrl: string;
  /** The avatar bucket's name (`AVATAR_BUCKET_NAME`). */
  avatarBucketName: string;
  /** `AVATAR_PUBLIC_BASE_URL`: where published avatars are served. */
  avatarPublicBaseUrl: string;
  /** The Telegram support bot's token (read at run time) and webhook secret (`TELEGRAM_WEBHOOK_SECRET`). */
  telegramBot: { botToken: ISecret; webhookSecret: ISecret };
  /** `OIDC_PROVIDERS`: the stage's external sign-in providers as JSON, client secrets as deploy-time references. */
  openIdProviders: string;
}

/** What a function that only works on the table gets (e.g. a user pool trigger, which cannot name its own pool). */
export type TableResources = Pick<PlatformResources, "table">;

/** Props of {@link ServiceFunction}. */
export interface ServiceFunctionProps {
  /** Short name: the function name suffix and `POWERTOOLS_SERVICE_NAME`. */
  serviceName: string;
  /** Entry file exporting `handler`, relative to the repository root. */
  entry: string;
  /** The stage the function belongs to. */
  stage: Stage;
  /** Shared resources: their names go into the environment (see `platform-config.ts`). */
  platform: PlatformResources | TableResources;
  /** Least-privilege grants derived from the service catalog. */
  access: FunctionAccess;
  /**
   * Memory in MiB; CPU scales with it, which shortens cold starts.
   * @default 1024
   */
  memorySize?: number;
  /**
   * Timeout; API Gateway gives up after 30 s anyway.
   * @default Duration.seconds(10)
   */
  timeout?: Duration;
  /** What the function is for. */
  description?: string;
  /** Files made at build time that the function reads beside its bundle (see `ServiceDescriptor`). */
  generatedAssets?: { script: string; folder: string };
}

// What the entities and transactions need (TransactWrite/TransactGet are authorised per item).
const TABLE_ACTIONS = [
  "GetItem",
  "BatchGetItem",
  "Query",
  "PutItem",
  "UpdateItem",
  "DeleteItem",
  "BatchWriteItem",
  "ConditionCheckItem",
] as const;

/** The environment of a function of the platform's services (see `platform-config.ts`). */
const platformEnvironment = (
  platform: PlatformResources,
  access: FunctionAccess,
  stage: Stage,
): Record<string, string> => ({
  USER_POOL_ID: platform.userPool.userPoolId,
  USER_POOL_CLIENT_ID: platform.userPoolClient.userPoolClientId,
  JWT_ISSUER: `https://cognito-idp.${Aws.REGION}.amazonaws.com/${platform.userPool.userPoolId}`,
  MACHINE_TOKEN_URL: platform.machineTokenUrl,
  KMS_KEY_ID: platform.key.keyArn,
  // A deploy-time dynamic reference: CloudFormation resolves it; the template holds only the secret's ARN.
  CURSOR_SIGNING_KEY: platform.cursorSigningSecret.secretValue.unsafeUnwrap(),
  EMAIL_FROM: stage.config.emailFrom,
  EMAIL_DELIVERY: stage.config.emailDelivery,
  APP_BASE_URL: platform.appBaseUrl,
  AVATAR_BUCKET_NAME: platform.avatarBucketName,
  AVATAR_PUBLIC_BASE_URL: platform.avatarPublicBaseUrl,
  // Only the relying party gets the providers' client secrets (resolved at deployment, like the cursor key).
  ...(access.openIdProviders ? { OIDC_PROVIDERS: platform.openIdProviders } : {}),
});

/** Bundling hooks that run a build script (with the project's tsx) into a folder of the bundle. */
const generateAssets = ({ script, folder }: { script: string; folder: string }): ICommandHooks => ({
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir, outputDir) => [
    `cd "${inputDir}" && node_modules/.bin/tsx "${script}" "${path.join(outputDir, folder)}"`,
  ],
});

/**
 * The one way to define a Lambda function here: Node 22 on arm64, minified ESM bundled locally by
 * esbuild (the SDK v3 clients included, so each bundle carries only the clients it imports), X-Ray
 * tracing, its own log group with the stage's retention, the platform environment, and grants
 * limited to what the catalog says the service touches.
 */
export class ServiceFunction extends Construct {
  /** The function. */
  readonly function: NodejsFunction;
  /** The function's log group. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const { stage, platform, serviceName } = props;

    this.logGroup = new LogGroup(this, "Logs", {
      retention: stage.config.logRetention,
      removalPolicy: removalPolicyOf(stage.config),
    });

    // An own role instead of AWSLambdaBasicExecutionRole: logs go to this function's group only.
    const role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `${APP_NAME} ${stage.name} ${serviceName} function`,
    });
    this.logGroup.grantWrite(role);

    this.function = new NodejsFunction(this, "Function", {
      functionName: resourceNameOf(stage, serviceName),
      description: props.description,
      entry: path.resolve(projectRoot, props.entry),
      handler: "handler",
      projectRoot,
      depsLockFilePath: path.join(projectRoot, "package-lock.json"),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      role,
      environment: {
        STAGE: stage.name,
        LOG_LEVEL: stage.config.logLevel,
        TABLE_NAME: platform.table.tableName,
        ...("userPool" in platform ? platformEnvironment(platform, props.access, stage) : {}),
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_METRICS_NAMESPACE: APP_NAME,
      },
      bundling: {
        ...cdkBundlingOptions(),
        ...(props.generatedAssets ? { commandHooks: generateAssets(props.generatedAssets) } : {}),
      },
    });

    if (props.access.telegramBot) {
      if (!("userPool" in platform)) throw new Error(`${serviceName}: the Telegram bot needs the platform's resources`);
      const { telegramBot } = platform;
      this.function.addEnvironment("TELEGRAM_BOT_USERNAME", stage.config.telegram.botUsername);
      this.function.addEnvironment("TELEGRAM_BOT_TOKEN_SECRET_ID", telegramBot.botToken.secretArn);
      // A deploy-time dynamic reference, like the cursor key: the template holds only the secret's ARN.
      this.function.addEnvironment("TELEGRAM_WEBHOOK_SECRET", telegramBot.webhookSecret.secretValue.unsafeUnwrap());
      this.function.addEnvironment("SUPPORT_EMAIL", stage.config.telegram.supportEmail);
    }
    this.grant(props, role);
    this.acknowledgeFindings(props, role);
  }

  private grant(props: ServiceFunctionProps, role: Role): void {
    const { access, stage } = props;
    const platform = props.platform as PlatformResources;
    if (
      !("userPool" in props.platform) &&
      (access.userPoolActions.length > 0 || access.kms.length > 0 || access.avatarObjects)
    ) {
      throw new Error(`${props.serviceName}: user pool, key and avatar grants need the platform's resources`);
    }
    if (access.table) {
      // Item and query actions on the table and its named indexes only: no Scan (no list endpoint
      // scans), no table management, no wildcard over indexes.
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: TABLE_ACTIONS.map((action) => `dynamodb:${action}`),
          resources: [
            platform.table.tableArn,
            ...Object.values(tableDefinition.indexes).map(
              (index) => `${platform.table.tableArn}/index/${index.indexName}`,
            ),
          ],
        }),
      );
    }
    if (access.userPoolActions.length > 0) platform.userPool.grant(role, ...access.userPoolActions);
    if (access.kms.length > 0) {
      platform.key.grant(role, ...access.kms.map((operation) => `kms:${operation}`));
    }
    if (access.avatarObjects) {
      // Object actions under the two avatar prefixes only (presigned uploads are signed with these
      // rights; confirm reads, copies and deletes; erasure lists a user's prefixes and deletes).
      const bucketArn = `arn:${Aws.PARTITION}:s3:::${platform.avatarBucketName}`;
      const prefixes = [AVATAR_PENDING_PREFIX, AVATAR_PUBLIC_PREFIX];
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
          resources: prefixes.map((prefix) => `${bucketArn}/${prefix}*`),
        }),
      );
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ["s3:ListBucket"],
          resources: [bucketArn],
          conditions: { StringLike: { "s3:prefix": prefixes.map((prefix) => `${prefix}*`) } },
        }),
      );
    }
    if (access.telegramBot) {
      // The bot token, read once per cold start; the webhook secret arrives resolved in the environment.
      platform.telegramBot.botToken.grantRead(role);
    }
    if (access.sendsEmail) {
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ["ses:SendEmail", "ses:SendRawEmail"],
          // In the SES sandbox recipients are identities too, so the resource cannot name the sender
          // only; the condition pins the From address instead.
          resources: [`arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:identity/*`],
          conditions: { StringEquals: { "ses:FromAddress": stage.config.emailFrom } },
        }),
      );
    }
    if (access.sendsSms) {
      // Publishing to a phone number has no resource ARN, so the allow names `*`; the deny takes
      // every topic back out, leaving SMS to phone numbers as the only thing it can publish.
      role.addToPrincipalPolicy(new PolicyStatement({ actions: ["sns:Publish"], resources: ["*"] }));
      role.addToPrincipalPolicy(
        new PolicyStatement({
          effect: Effect.DENY,
          actions: ["sns:Publish"],
          resources: [`arn:${Aws.PARTITION}:sns:*:*:*`],
        }),
      );
    }
  }

  private acknowledgeFindings(props: ServiceFunctionProps, role: Role): void {
    Validations.of(this.function).acknowledge({
      id: "AwsSolutions-L1",
      reason: "Node.js 22 is the platform's runtime (SPEC section 1): local scripts and tests run on it too.",
    });
    const policy = role.node.findChild("DefaultPolicy");
    const acknowledge = (finding: string, reason: string) =>
      Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    acknowledge(
      "Resource::*",
      props.access.sendsSms
        ? "X-Ray PutTraceSegments/PutTelemetryRecords and sns:Publish to a phone number support no resource-level permissions; a deny takes every SNS topic back out."
        : "X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions.",
    );
    if (props.access.avatarObjects) {
      for (const prefix of [AVATAR_PENDING_PREFIX, AVATAR_PUBLIC_PREFIX]) {
        acknowledge(
          `Resource::arn:<AWS::Partition>:s3:::${resourceNameOf(props.stage, "av")}-<AWS::AccountId>-<AWS::Region>/${prefix}*`,
          "Avatar objects are named per user and upload; the grant is limited to the avatar prefixes of the avatar bucket.",
        );
      }
    }
    if (props.access.sendsEmail) {
      acknowledge(
        "Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*",
        "Sandbox recipients are identities too; the ses:FromAddress condition pins the sender.",
      );
    }
  }
}
