import { Aws, Duration, Stack, type StackProps, Validations } from "aws-cdk-lib";
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  ResourceServerScope,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
  UserPoolOperation,
  type UserPoolResourceServer,
} from "aws-cdk-lib/aws-cognito";
import { AttributeType, BillingMode, StreamViewType, Table } from "aws-cdk-lib/aws-dynamodb";
import { EventBus } from "aws-cdk-lib/aws-events";
import { Key } from "aws-cdk-lib/aws-kms";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { APP_NAME } from "../shared/src/events/registry.ts";
import { userPoolDefinition } from "../shared/src/identity/user-pool-definition.ts";
import { tableDefinition } from "../shared/src/table/definition.ts";
import { AvatarStore } from "./avatar-store.ts";
import { noAccess, ServiceFunction } from "./service-function.ts";
import { SmsAccountSettings } from "./sms-account-settings.ts";
import { removalPolicyOf, resourceNameOf, type Stage } from "./stage-config.ts";
import { TelegramBotSecrets } from "./telegram-bot-secrets.ts";

/** Props of {@link StatefulStack}. */
export interface StatefulStackProps extends StackProps {
  /** The stage whose data this stack holds. */
  stage: Stage;
}

/**
 * Everything that holds data or identity: the single table, the user pool, the key that seals
 * link tokens and the event bus. Kept apart from the functions so that redeploying or even
 * deleting the stateless stack never touches data.
 */
export class StatefulStack extends Stack {
  /** The single table (stream on, so the outbox pipe can read it). */
  readonly table: Table;
  /** The Cognito user pool: passwords, sign-in, TOTP MFA. */
  readonly userPool: UserPool;
  /** The API's app client (no secret; password and refresh-token flows). */
  readonly userPoolClient: UserPoolClient;
  /** The key that seals link tokens carried by events. */
  readonly key: Key;
  /** The stage's domain event bus. */
  readonly eventBus: EventBus;
  /** The HMAC key that seals list cursors. */
  readonly cursorSigningSecret: Secret;
  /** The avatar bucket and the CloudFront distribution serving published avatars. */
  readonly avatars: AvatarStore;
  /** The OAuth 2.0 resource server whose scopes machine clients are given (SPEC 6.8). */
  readonly resourceServer: UserPoolResourceServer;
  /** The user pool domain serving the token endpoint machine clients use. */
  readonly userPoolDomain: UserPoolDomain;
  /** The token endpoint of the client-credentials grant (`MACHINE_TOKEN_URL`). */
  readonly machineTokenUrl: string;
  /** The Telegram support bot's token and webhook secret. */
  readonly telegramBot: TelegramBotSecrets;
  /** Cognito's custom-auth triggers: sign-in through an external provider, proven by the users service. */
  readonly authChallenge: ServiceFunction;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const { config } = stage;
    const removalPolicy = removalPolicyOf(config);

    const { partitionKey, sortKey, timeToLiveAttribute, indexes } = tableDefinition;
    this.table = new Table(this, "Table", {
      partitionKey: { name: partitionKey, type: AttributeType.STRING },
      sortKey: { name: sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      // The outbox pipe needs the new image; old images let consumers of changes see what changed.
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: config.pointInTimeRecovery },
      deletionProtection: config.retainData,
      removalPolicy,
    });
    for (const index of Object.values(indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }
    if (!config.pointInTimeRecovery) {
      Validations.of(this.table).acknowledge({
        id: "AwsSolutions-DDB3",
        reason: "Short-lived and dev stages hold disposable data; staging and prod enable PITR.",
      });
    }

    const { passwordPolicy } = userPoolDefinition;
    this.userPool = new UserPool(this, "UserPool", {
      // Registration goes through the users service (AdminCreateUser), never straight to Cognito.
      selfSignUpEnabled: false,
      // Cognito usernames are opaque ids: the users service maps an email or a login to them, so
      // neither becomes a Cognito alias (managed users have no email at all).
      signInAliases: { username: true },
      signInCaseSensitive: false,
      passwordPolicy: {
        minLength: passwordPolicy.minLength,
        requireLowercase: passwordPolicy.requireLowercase,
        requireUppercase: passwordPolicy.requireUppercase,
        requireDigits: passwordPolicy.requireDigits,
        requireSymbols: passwordPolicy.requireSymbols,
      },
      mfa: Mfa[userPoolDefinition.mfa],
      // TOTP only: phone codes belong to phone verification, not to sign-in.
      mfaSecondFactor: { sms: false, otp: true },
      // Email verification and password resets use the users service's own single-use links.
      autoVerify: { email: false },
      accountRecovery: AccountRecovery.NONE,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: config.retainData,
      removalPolicy,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: "AwsSolutions-COG1",
        reason:
          "NIST 800-63B policy by product decision: length (min 10) plus a breached-password and " +
          "not-the-email check in the users service, no composition rules.",
      },
      {
        id: "AwsSolutions-COG2",
        reason: "TOTP MFA is optional per user by product decision; sensitive operations require step-up.",
      },
      {
        id: "AwsSolutions-COG8",
        reason:
          "Threat protection needs the Plus plan (a cost decision); the users service rate-limits " +
          "sign-in, code sending and password resets itself.",
      },
    );

    this.userPoolClient = this.userPool.addClient("ApiClient", {
      generateSecret: false,
      // Tokens come from the users service (InitiateAuth), never from a hosted UI redirect.
      disableOAuth: true,
      authFlows: {
        userPassword: userPoolDefinition.clientAuthFlows.includes("USER_PASSWORD_AUTH"),
        custom: userPoolDefinition.clientAuthFlows.includes("CUSTOM_AUTH"),
      },
      accessTokenValidity: Duration.minutes(userPoolDefinition.accessTokenValidityMinutes),
      idTokenValidity: Duration.minutes(userPoolDefinition.accessTokenValidityMinutes),
      refreshTokenValidity: Duration.days(userPoolDefinition.refreshTokenValidityDays),
      // Logout revokes the refresh token.
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });

    // Machine clients (the provider's apps) are app clients created at run time by provider
    // support; the stage provides what they need: the scopes and the token endpoint.
    const { resourceServer } = userPoolDefinition;
    this.resourceServer = this.userPool.addResourceServer("ResourceServer", {
      identifier: resourceServer.identifier,
      userPoolResourceServerName: resourceServer.name,
      scopes: Object.entries(resourceServer.scopes).map(
        ([scopeName, scopeDescription]) => new ResourceServerScope({ scopeName, scopeDescription }),
      ),
    });
    this.userPoolDomain = this.userPool.addDomain("Domain", {
      // Cognito domain prefixes are global per region: the account id keeps stages of different accounts apart.
      cognitoDomain: { domainPrefix: `${resourceNameOf(stage, "auth")}-${Aws.ACCOUNT_ID}` },
    });
    this.machineTokenUrl = `${this.userPoolDomain.baseUrl()}/oauth2/token`;
    // Define, create and verify in one function: the one challenge is the users service's proof.
    // It lives here, next to the pool, and knows only the table (the pool cannot be in its environment).
    this.authChallenge = new ServiceFunction(this, "AuthChallenge", {
      serviceName: "auth-challenge",
      entry: "services/users/src/auth-challenge-lambda.ts",
      stage,
      platform: { table: this.table },
      access: { ...noAccess, table: true },
      memorySize: 512,
      description: "Tenantry Cognito custom-auth triggers: sign-in through an external OpenID provider",
    });
    for (const operation of [
      UserPoolOperation.DEFINE_AUTH_CHALLENGE,
      UserPoolOperation.CREATE_AUTH_CHALLENGE,
      UserPoolOperation.VERIFY_AUTH_CHALLENGE_RESPONSE,
    ]) {
      this.userPool.addTrigger(operation, this.authChallenge.function);
    }

    for (const [id, groupName] of Object.entries(userPoolDefinition.groups)) {
      new CfnUserPoolGroup(this, `Group-${id}`, {
        userPoolId: this.userPool.userPoolId,
        groupName,
      });
    }

    this.key = new Key(this, "LinkTokenKey", {
      description: `Seals link tokens carried by ${APP_NAME} ${stage.name} events`,
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow: config.retainData ? Duration.days(30) : Duration.days(7),
    });

    // Generated by Secrets Manager, so the key is in no template or repository.
    this.cursorSigningSecret = new Secret(this, "CursorSigningKey", {
      description: `HMAC key that seals ${APP_NAME} ${stage.name} list cursors`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    Validations.of(this.cursorSigningSecret).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "Rotating the cursor key only invalidates open list cursors (clients start again); rotate by updating the secret and redeploying.",
    });

    this.eventBus = new EventBus(this, "EventBus", {
      eventBusName: resourceNameOf(stage, "events"),
    });

    // SMS settings are the account's state, not a stack's: long-lived stages set them.
    if (config.sms.manageAccountSettings) {
      new SmsAccountSettings(this, "SmsAccountSettings", { monthlySpendLimitUsd: config.sms.monthlySpendLimitUsd });
    }
    this.avatars = new AvatarStore(this, "Avatars", { stage });
    this.telegramBot = new TelegramBotSecrets(this, "TelegramBot", { stageName: stage.name, removalPolicy });
  }
}
