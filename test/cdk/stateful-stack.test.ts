import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { serviceCatalog } from "../../services/catalog.ts";
import { userPoolDefinition } from "../../shared/src/identity/user-pool-definition.ts";
import { tableDefinition } from "../../shared/src/table/definition.ts";
import { resourcesOf, SYNTH_TIMEOUT_MS, synthStage } from "./stage-app.ts";

const STATEFUL_TYPES = ["AWS::DynamoDB::Table", "AWS::Cognito::UserPool", "AWS::KMS::Key"];

describe("stateful stack", () => {
  beforeAll(() => {
    synthStage("dev");
    synthStage("prod");
  }, SYNTH_TIMEOUT_MS);

  describe.each(["dev", "prod"])("%s", (stage) => {
    it("builds the single table from the table definition", () => {
      const { statefulTemplate } = synthStage(stage);
      const { partitionKey, sortKey, timeToLiveAttribute, indexes } = tableDefinition;
      statefulTemplate.resourceCountIs("AWS::DynamoDB::Table", 1);
      statefulTemplate.hasResourceProperties("AWS::DynamoDB::Table", {
        KeySchema: [
          { AttributeName: partitionKey, KeyType: "HASH" },
          { AttributeName: sortKey, KeyType: "RANGE" },
        ],
        BillingMode: "PAY_PER_REQUEST",
        StreamSpecification: { StreamViewType: "NEW_AND_OLD_IMAGES" },
        TimeToLiveSpecification: { AttributeName: timeToLiveAttribute, Enabled: true },
        GlobalSecondaryIndexes: Object.values(indexes).map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: "HASH" },
            { AttributeName: index.sortKey, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        })),
      });
    });

    it("offers optional TOTP MFA only, with the definition's password policy", () => {
      const { statefulTemplate } = synthStage(stage);
      statefulTemplate.hasResourceProperties("AWS::Cognito::UserPool", {
        MfaConfiguration: userPoolDefinition.mfa,
        EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: {
          PasswordPolicy: {
            MinimumLength: userPoolDefinition.passwordPolicy.minLength,
            RequireLowercase: userPoolDefinition.passwordPolicy.requireLowercase,
            RequireUppercase: userPoolDefinition.passwordPolicy.requireUppercase,
            RequireNumbers: userPoolDefinition.passwordPolicy.requireDigits,
            RequireSymbols: userPoolDefinition.passwordPolicy.requireSymbols,
          },
        },
      });
      statefulTemplate.hasResourceProperties("AWS::Cognito::UserPoolGroup", {
        GroupName: userPoolDefinition.groups.platformAdmins,
      });
    });

    it("gives the API a public client with the password and refresh flows only", () => {
      const { statefulTemplate } = synthStage(stage);
      statefulTemplate.resourceCountIs("AWS::Cognito::UserPoolClient", 1);
      statefulTemplate.hasResourceProperties("AWS::Cognito::UserPoolClient", {
        GenerateSecret: false,
        ExplicitAuthFlows: userPoolDefinition.clientAuthFlows.map((flow) => `ALLOW_${flow}`),
        AllowedOAuthFlowsUserPoolClient: false,
        AccessTokenValidity: userPoolDefinition.accessTokenValidityMinutes,
        IdTokenValidity: userPoolDefinition.accessTokenValidityMinutes,
        TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "minutes" },
        RefreshTokenValidity: userPoolDefinition.refreshTokenValidityDays * 24 * 60,
        EnableTokenRevocation: true,
        PreventUserExistenceErrors: "ENABLED",
      });
    });

    it("lets access tokens live at most 15 minutes (SPEC 6.1 sessions)", () => {
      expect(userPoolDefinition.accessTokenValidityMinutes).toBeLessThanOrEqual(15);
      const { statefulTemplate } = synthStage(stage);
      statefulTemplate.hasResourceProperties("AWS::Cognito::UserPoolClient", {
        AccessTokenValidity: 15,
        TokenValidityUnits: Match.objectLike({ AccessToken: "minutes" }),
      });
    });

    it("defines the resource server machine clients get scopes of, and a domain for its token endpoint", () => {
      const { statefulTemplate, stateful } = synthStage(stage);
      const { resourceServer } = userPoolDefinition;
      statefulTemplate.resourceCountIs("AWS::Cognito::UserPoolResourceServer", 1);
      statefulTemplate.hasResourceProperties("AWS::Cognito::UserPoolResourceServer", {
        Identifier: "tenantry",
        Name: resourceServer.name,
        UserPoolId: Match.anyValue(),
        Scopes: [
          { ScopeName: "access.check", ScopeDescription: resourceServer.scopes["access.check"] },
          { ScopeName: "accounts.read", ScopeDescription: resourceServer.scopes["accounts.read"] },
        ],
      });
      statefulTemplate.resourceCountIs("AWS::Cognito::UserPoolDomain", 1);
      const [domain] = Object.values(resourcesOf(statefulTemplate, "AWS::Cognito::UserPoolDomain"));
      expect(JSON.stringify(domain?.Properties.Domain)).toContain(`tenantry-${stage}-auth-`);
      expect(domain?.Properties.UserPoolId).toEqual(expect.objectContaining({ Ref: expect.any(String) }));
      expect(JSON.stringify(stateful.resolve(stateful.machineTokenUrl))).toContain(".amazoncognito.com/oauth2/token");
      // Machine clients are made at run time by provider support: the stage creates none.
      statefulTemplate.resourceCountIs("AWS::Cognito::UserPoolClient", 1);
    });

    it("gives every machine route scopes the resource server defines", () => {
      const { statefulTemplate } = synthStage(stage);
      const [server] = Object.values(resourcesOf(statefulTemplate, "AWS::Cognito::UserPoolResourceServer"));
      if (!server) throw new Error("The stateful stack has no resource server");
      const defined = (server.Properties.Scopes as Array<{ ScopeName: string }>).map(
        (scope) => `${server.Properties.Identifier}/${scope.ScopeName}`,
      );
      const machineRoutes = serviceCatalog.flatMap((s) => s.routes).filter((route) => route.auth === "machine");
      expect(machineRoutes.length).toBeGreaterThan(0);
      for (const route of machineRoutes) {
        expect(route.scopes?.length, route.operationId).toBeGreaterThan(0);
        for (const scope of route.scopes ?? []) expect(defined, route.operationId).toContain(scope);
      }
      // And no other route asks for scopes (they would be silently ignored).
      expect(serviceCatalog.flatMap((s) => s.routes).filter((r) => r.auth !== "machine" && r.scopes)).toEqual([]);
    });

    it("has a rotating key and the stage's event bus", () => {
      const { statefulTemplate } = synthStage(stage);
      statefulTemplate.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
      statefulTemplate.hasResourceProperties("AWS::Events::EventBus", { Name: `tenantry-${stage}-events` });
    });
  });

  it("retains prod data: deletion protection, PITR, RETAIN", () => {
    const { statefulTemplate, stateful } = synthStage("prod");
    statefulTemplate.hasResourceProperties("AWS::DynamoDB::Table", {
      DeletionProtectionEnabled: true,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    statefulTemplate.hasResourceProperties("AWS::Cognito::UserPool", { DeletionProtection: "ACTIVE" });
    for (const type of STATEFUL_TYPES) {
      for (const resource of Object.values(resourcesOf(statefulTemplate, type))) {
        expect(resource.DeletionPolicy, type).toBe("Retain");
        expect(resource.UpdateReplacePolicy, type).toBe("Retain");
      }
    }
    expect(stateful.terminationProtection).toBe(true);
  });

  it("lets dev data go with the stack", () => {
    const { statefulTemplate, stateful } = synthStage("dev");
    statefulTemplate.hasResourceProperties("AWS::DynamoDB::Table", {
      DeletionProtectionEnabled: false,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
    });
    statefulTemplate.hasResourceProperties("AWS::Cognito::UserPool", { DeletionProtection: "INACTIVE" });
    for (const type of STATEFUL_TYPES) {
      for (const resource of Object.values(resourcesOf(statefulTemplate, type))) {
        expect(resource.DeletionPolicy, type).toBe("Delete");
      }
    }
    expect(stateful.terminationProtection).toBe(false);
  });
});
