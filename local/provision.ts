import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  CognitoIdentityProviderClient,
  ResourceNotFoundException as CognitoResourceNotFound,
  CreateGroupCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolCommand,
  UpdateResourceServerCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { userPoolDefinition } from "../shared/src/identity/user-pool-definition.ts";
import { tableDefinition } from "../shared/src/table/definition.ts";
import { writeFileAtomically } from "./atomic-file.ts";
import { refuseTableShape, tableShapeMismatch } from "./data-directory.ts";
import { LOCAL_AVATAR_BUCKET } from "./local-avatar-bucket.ts";

export interface ProvisionedResources {
  tableName: string;
  userPoolId: string;
  userPoolClientId: string;
  avatarBucketName: string;
}

/** Creates the avatar bucket if it does not exist yet (the lifecycle rule is CDK's; s3rver has none). */
const ensureBucket = async (client: S3Client, bucketName: string) => {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucketName }));
  } catch {
    await client.send(new CreateBucketCommand({ Bucket: bucketName }));
  }
};

/**
 * Creates the table from the same definition the CDK stack uses, if it does not exist yet; an
 * existing one must have the shape this version queries.
 */
export const ensureTable = async (client: DynamoDBClient, tableName: string, dataDir: string) => {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const mismatch = Table ? tableShapeMismatch(Table) : undefined;
    if (mismatch) throw refuseTableShape(dataDir, mismatch);
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const { partitionKey, sortKey, indexes } = tableDefinition;
  const indexList = Object.values(indexes);
  const attributes = new Set<string>([partitionKey, sortKey, ...indexList.flatMap((i) => [i.partitionKey, i.sortKey])]);
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: "S" })),
      KeySchema: [
        { AttributeName: partitionKey, KeyType: "HASH" },
        { AttributeName: sortKey, KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: indexList.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: "HASH" },
          { AttributeName: index.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
    }),
  );
};

/** The app client's flows and token lifetimes, as CDK sets them (SPEC 6.1: access tokens live <= 15 min). */
const appClientSettings = () => ({
  ExplicitAuthFlows: userPoolDefinition.clientAuthFlows.map((flow) => `ALLOW_${flow}` as const),
  AccessTokenValidity: userPoolDefinition.accessTokenValidityMinutes,
  IdTokenValidity: userPoolDefinition.accessTokenValidityMinutes,
  RefreshTokenValidity: userPoolDefinition.refreshTokenValidityDays,
  TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" } as const,
  EnableTokenRevocation: true,
});

/** The resource server and its scopes, from the definition CDK deploys (created, or brought up to date). */
export const ensureResourceServer = async (client: CognitoIdentityProviderClient, userPoolId: string) => {
  const { identifier, name, scopes } = userPoolDefinition.resourceServer;
  const definition = {
    UserPoolId: userPoolId,
    Identifier: identifier,
    Name: name,
    Scopes: Object.entries(scopes).map(([ScopeName, ScopeDescription]) => ({ ScopeName, ScopeDescription })),
  };
  try {
    await client.send(new DescribeResourceServerCommand({ UserPoolId: userPoolId, Identifier: identifier }));
  } catch (error) {
    if (!(error instanceof CognitoResourceNotFound)) throw error;
    await client.send(new CreateResourceServerCommand(definition));
    return;
  }
  await client.send(new UpdateResourceServerCommand(definition));
};

/** Creates the user pool, its app client and groups from the shared definition. */
const createUserPool = async (client: CognitoIdentityProviderClient, name: string) => {
  const { passwordPolicy } = userPoolDefinition;
  const pool = await client.send(
    new CreateUserPoolCommand({
      PoolName: name,
      UsernameAttributes: [],
      MfaConfiguration: userPoolDefinition.mfa,
      Policies: {
        PasswordPolicy: {
          MinimumLength: passwordPolicy.minLength,
          RequireLowercase: passwordPolicy.requireLowercase,
          RequireUppercase: passwordPolicy.requireUppercase,
          RequireNumbers: passwordPolicy.requireDigits,
          RequireSymbols: passwordPolicy.requireSymbols,
        },
      },
    }),
  );
  const userPoolId = pool.UserPool?.Id;
  if (!userPoolId) throw new Error("cognito-local returned no user pool id");
  const appClient = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: `${name}-api`,
      GenerateSecret: false,
      ...appClientSettings(),
    }),
  );
  for (const group of Object.values(userPoolDefinition.groups)) {
    await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
  }
  const userPoolClientId = appClient.UserPoolClient?.ClientId;
  if (!userPoolClientId) throw new Error("cognito-local returned no app client id");
  return { userPoolId, userPoolClientId };
};

/**
 * Provisions the table and the user pool on the emulators, reusing what an earlier run created
 * (ids are kept in `<dataDir>/state.json`).
 */
export const provision = async (
  dataDir: string,
  endpoints: { dynamodb: string; cognito: string; s3: string },
  s3Credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<ProvisionedResources> => {
  const statePath = path.join(dataDir, "state.json");
  const tableName = "tenantry-local";
  const avatarBucketName = LOCAL_AVATAR_BUCKET;
  mkdirSync(dataDir, { recursive: true });
  const cognitoConfigDir = path.join(dataDir, "cognito", ".cognito");
  mkdirSync(cognitoConfigDir, { recursive: true });

  const dynamodb = new DynamoDBClient({ endpoint: endpoints.dynamodb });
  await ensureTable(dynamodb, tableName, dataDir);
  await ensureBucket(
    new S3Client({ endpoint: endpoints.s3, forcePathStyle: true, credentials: s3Credentials }),
    avatarBucketName,
  );

  const cognito = new CognitoIdentityProviderClient({ endpoint: endpoints.cognito });
  if (existsSync(statePath)) {
    const state = JSON.parse(readFileSync(statePath, "utf8")) as ProvisionedResources;
    try {
      await cognito.send(new DescribeUserPoolCommand({ UserPoolId: state.userPoolId }));
      await ensureResourceServer(cognito, state.userPoolId);
      // A data directory from before a settings change gets the current token lifetimes.
      await cognito.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: state.userPoolId,
          ClientId: state.userPoolClientId,
          ...appClientSettings(),
        }),
      );
      return { ...state, avatarBucketName };
    } catch (error) {
      // Only a pool that is gone (cognito data wiped) is created again below; anything else
      // would leave every user behind in the old pool.
      if (!(error instanceof CognitoResourceNotFound)) throw error;
    }
  }
  const pool = await createUserPool(cognito, "tenantry-local");
  await ensureResourceServer(cognito, pool.userPoolId);
  const state = { tableName, avatarBucketName, ...pool };
  writeFileAtomically(statePath, JSON.stringify(state, null, 2));
  return state;
};

/** The function the user pool's custom-auth triggers call (one handler for define, create and verify). */
export const LOCAL_AUTH_CHALLENGE_FUNCTION = "tenantry-local-auth-challenge";

/**
 * cognito-local reads its defaults from `.cognito/config.json` in its working directory: the
 * pool defaults and, as CDK attaches them to the pool, the custom-auth triggers, invoked through
 * the local Lambda endpoint.
 */
export const writeCognitoLocalConfig = (dataDir: string, lambdaEndpoint: string) => {
  const dir = path.join(dataDir, "cognito", ".cognito");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, "config.json"),
    JSON.stringify(
      {
        UserPoolDefaults: { UsernameAttributes: [] },
        LambdaClient: {
          endpoint: lambdaEndpoint,
          region: "local",
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
        },
        TriggerFunctions: {
          DefineAuthChallenge: LOCAL_AUTH_CHALLENGE_FUNCTION,
          CreateAuthChallenge: LOCAL_AUTH_CHALLENGE_FUNCTION,
          VerifyAuthChallengeResponse: LOCAL_AUTH_CHALLENGE_FUNCTION,
        },
      },
      null,
      2,
    ),
  );
};
