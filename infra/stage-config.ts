import { RemovalPolicy } from "aws-cdk-lib";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { PlatformConfig } from "../shared/src/config/platform-config.ts";

/** Stages with their own reviewed settings; any other name gets {@link defaultStageConfig}. */
export type KnownStage = "dev" | "staging" | "prod";

/**
 * An external sign-in provider (OpenID Connect) of a stage. Register the platform with the
 * provider first (redirect URI `<appBaseUrl>/auth/providers/<id>/callback`) and store the client
 * secret in Secrets Manager under `clientSecretName`; the deployment resolves it into the users
 * function's environment (the template holds only the reference).
 */
export interface OpenIdProviderStageConfig {
  /** Path id (`/v1/me/identities/<id>`): lower-case letters, digits and dashes. */
  id: string;
  displayName: string;
  /** Issuer URL (HTTPS); discovery is read from `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Name of the Secrets Manager secret holding the client secret (a plain string). */
  clientSecretName: string;
  /** Whether someone unknown may create a user by signing in with this provider. */
  signUpAllowed: boolean;
  /** Whether the provider is the authority for the addresses it vouches for (then a verified one is trusted). */
  emailAuthoritative: boolean;
}

/** Everything that differs between stages: data safety, observability and how people are reached. */
export interface StageConfig {
  /** Deletion protection, PITR and RETAIN on the stateful resources. */
  retainData: boolean;
  /** Point-in-time recovery on the table (the 35-day restore window). */
  pointInTimeRecovery: boolean;
  /** How long function, API and pipe logs are kept. */
  logRetention: RetentionDays;
  /** `LOG_LEVEL` of every function. */
  logLevel: PlatformConfig["LOG_LEVEL"];
  /** `EMAIL_FROM`: the SES identity mail is sent from. */
  emailFrom: string;
  /** `EMAIL_DELIVERY`: `off` returns links in API responses only (no verified SES identity needed). */
  emailDelivery: PlatformConfig["EMAIL_DELIVERY"];
  /**
   * `APP_BASE_URL`: base of links sent to people.
   * @default - the stage's own HTTP API URL
   */
  appBaseUrl?: string;
  /** Steady-state request rate per second across the stage's HTTP API (its default route throttle). */
  apiRateLimit: number;
  /** Burst of requests the HTTP API accepts above the steady rate. */
  apiBurstLimit: number;
  /** Origins whose browser pages may call the API (CORS); empty turns CORS off. */
  allowedOrigins: string[];
  /**
   * A custom domain for the API: an API Gateway domain name with this ACM certificate (in the
   * stack's region) mapped to the `$default` stage. Point the domain's DNS at the
   * `CustomDomainTarget` output.
   * @default - none: the API answers on its execute-api URL only
   */
  customDomain?: { domainName: string; certificateArn: string };
  /** CloudWatch alarms of the stage; all notify one SNS topic. */
  alarms: {
    /**
     * Subscribed to the alarm topic (the address confirms the subscription by email).
     * @default - no subscription: subscribe on-call tooling to the `AlarmTopicArn` output
     */
    email?: string;
    /** Percentage of API requests answered 5xx, over 5 minutes, that raises the alarm. */
    serverErrorRatePercent: number;
    /** How long, in minutes, a due privacy request may wait for the job before the alarm. */
    oldestDuePrivacyRequestMinutes: number;
  };
  /**
   * SMS settings of the AWS account and region (SNS keeps them per account, not per stack): when
   * `manageAccountSettings`, the stage sets the monthly SMS spend limit (USD; above 1 needs an AWS
   * quota increase first) and Transactional as the default type. Only one stage per account should.
   */
  sms: { manageAccountSettings: boolean; monthlySpendLimitUsd: number };
  /**
   * The Telegram support bot: `TELEGRAM_BOT_USERNAME` (the bot whose token is in the stage's
   * secret) and `SUPPORT_EMAIL`, where messages written to it are forwarded.
   */
  telegram: { botUsername: string; supportEmail: string };
  /** External sign-in providers (`GET /v1/auth/providers`); none until one is registered for the stage. */
  openIdProviders: OpenIdProviderStageConfig[];
}

/** Reviewed settings of the long-lived stages. */
export const stageConfigs: Record<KnownStage, StageConfig> = {
  dev: {
    retainData: false,
    pointInTimeRecovery: false,
    logRetention: RetentionDays.ONE_WEEK,
    logLevel: "DEBUG",
    emailFrom: "no-reply@dev.tenantry.example",
    emailDelivery: "ses",
    apiRateLimit: 50,
    apiBurstLimit: 100,
    // A portal's dev server may call the shared dev API.
    allowedOrigins: ["http://localhost:5173"],
    alarms: { serverErrorRatePercent: 5, oldestDuePrivacyRequestMinutes: 60 },
    sms: { manageAccountSettings: true, monthlySpendLimitUsd: 1 },
    telegram: { botUsername: "tenantry_dev_support_bot", supportEmail: "support@dev.tenantry.example" },
    openIdProviders: [],
  },
  staging: {
    retainData: false,
    pointInTimeRecovery: true,
    logRetention: RetentionDays.ONE_MONTH,
    logLevel: "INFO",
    emailFrom: "no-reply@staging.tenantry.example",
    emailDelivery: "ses",
    appBaseUrl: "https://staging.tenantry.example",
    apiRateLimit: 200,
    apiBurstLimit: 400,
    allowedOrigins: ["https://staging.tenantry.example"],
    alarms: { serverErrorRatePercent: 2, oldestDuePrivacyRequestMinutes: 60 },
    sms: { manageAccountSettings: true, monthlySpendLimitUsd: 10 },
    telegram: { botUsername: "tenantry_staging_support_bot", supportEmail: "support@staging.tenantry.example" },
    openIdProviders: [],
  },
  prod: {
    retainData: true,
    pointInTimeRecovery: true,
    logRetention: RetentionDays.ONE_YEAR,
    logLevel: "INFO",
    emailFrom: "no-reply@tenantry.example",
    emailDelivery: "ses",
    appBaseUrl: "https://app.tenantry.example",
    apiRateLimit: 1000,
    apiBurstLimit: 2000,
    allowedOrigins: ["https://app.tenantry.example"],
    alarms: { serverErrorRatePercent: 1, oldestDuePrivacyRequestMinutes: 30 },
    sms: { manageAccountSettings: true, monthlySpendLimitUsd: 100 },
    telegram: { botUsername: "tenantry_support_bot", supportEmail: "support@tenantry.example" },
    openIdProviders: [],
  },
};

/** Settings of short-lived stages (feature branches, personal stacks): cheap and disposable. */
export const defaultStageConfig: StageConfig = {
  retainData: false,
  pointInTimeRecovery: false,
  logRetention: RetentionDays.THREE_DAYS,
  logLevel: "DEBUG",
  emailFrom: "no-reply@dev.tenantry.example",
  // Short-lived stacks have no verified SES identity; links come back in API responses instead.
  emailDelivery: "off",
  apiRateLimit: 20,
  apiBurstLimit: 40,
  allowedOrigins: ["http://localhost:5173"],
  alarms: { serverErrorRatePercent: 5, oldestDuePrivacyRequestMinutes: 60 },
  // Short-lived stacks share an account with a long-lived stage, whose SMS settings they leave alone.
  sms: { manageAccountSettings: false, monthlySpendLimitUsd: 1 },
  // Short-lived stacks share the dev bot (one webhook per bot: the last stage to call setWebhook gets the updates).
  telegram: { botUsername: "tenantry_dev_support_bot", supportEmail: "support@dev.tenantry.example" },
  openIdProviders: [],
};

/** A stage name with its resolved settings. */
export interface Stage {
  /** Stage name as given on the command line (`-c stage=<name>`). */
  name: string;
  /** The stage's settings. */
  config: StageConfig;
}

const isKnownStage = (name: string): name is KnownStage => Object.hasOwn(stageConfigs, name);

// CloudFormation stack names, SQS queue names and log group names all accept this alphabet.
const STAGE_NAME = /^[a-z][a-z0-9-]{0,19}$/;

/** Resolves a stage name to its settings; unknown names get the short-lived defaults. */
export const resolveStage = (name: string, overrides: Partial<StageConfig> = {}): Stage => {
  if (!STAGE_NAME.test(name)) {
    throw new Error(
      `Invalid stage name "${name}": use 1-20 lowercase letters, digits or dashes, starting with a letter.`,
    );
  }
  const base = isKnownStage(name) ? stageConfigs[name] : defaultStageConfig;
  return { name, config: { ...base, ...overrides } };
};

/** The removal policy of stateful resources in a stage. */
export const removalPolicyOf = (config: StageConfig): RemovalPolicy =>
  config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

/** `Tenantry-<stage>-<part>`: stage isolation comes from the stack name prefix. */
export const stackNameOf = (stage: Stage, part: string): string => `Tenantry-${stage.name}-${part}`;

/** `tenantry-<stage>-<part>`: physical names of resources that need one. */
export const resourceNameOf = (stage: Stage, part: string): string => `tenantry-${stage.name}-${part}`;
