import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { PENDING_AVATAR_EXPIRY_DAYS } from "../../infra/avatar-store.ts";
import { serviceCatalog } from "../../services/catalog.ts";
import { logicalIdOf, resourcesOf, SYNTH_TIMEOUT_MS, type SynthesizedStage, synthStage } from "./stage-app.ts";

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
  Principal?: unknown;
  Condition?: unknown;
}

/** Every IAM statement attached to a service function's role. */
const statementsOf = (synthesized: SynthesizedStage, service: string): Statement[] => {
  const fn = synthesized.api.functions.get(service);
  if (!fn?.function.role) throw new Error(`No role for ${service}`);
  const roleId = logicalIdOf(synthesized.api, fn.function.role);
  return Object.values(resourcesOf(synthesized.apiTemplate, "AWS::IAM::Policy"))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
};
const s3Statements = (statements: Statement[]) =>
  statements.filter((statement) => [statement.Action].flat().some((action) => action.startsWith("s3:")));

const bucketArn = (stage: string, suffix?: string) => ({
  "Fn::Join": [
    "",
    [
      "arn:",
      { Ref: "AWS::Partition" },
      `:s3:::tenantry-${stage}-av-`,
      { Ref: "AWS::AccountId" },
      "-",
      { Ref: "AWS::Region" },
      ...(suffix ? [suffix] : []),
    ],
  ],
});

describe.each(["dev", "prod"])("avatar store (%s)", (stage) => {
  beforeAll(() => void synthStage(stage), SYNTH_TIMEOUT_MS);

  it("keeps avatars in one private, encrypted, TLS-only bucket that expires unconfirmed uploads", () => {
    const { statefulTemplate } = synthStage(stage);
    statefulTemplate.resourceCountIs("AWS::S3::Bucket", 1);
    statefulTemplate.hasResourceProperties("AWS::S3::Bucket", {
      BucketName: {
        "Fn::Join": ["", [`tenantry-${stage}-av-`, { Ref: "AWS::AccountId" }, "-", { Ref: "AWS::Region" }]],
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Prefix: "avatars/pending/",
            ExpirationInDays: PENDING_AVATAR_EXPIRY_DAYS,
            Status: "Enabled",
          }),
        ]),
      },
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: ["PUT"] })] },
    });
    statefulTemplate.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it(stage === "prod" ? "retains the bucket" : "deletes the bucket and its objects with the stack", () => {
    const { statefulTemplate } = synthStage(stage);
    const [bucket] = Object.values(resourcesOf(statefulTemplate, "AWS::S3::Bucket"));
    const autoDelete = Object.keys(statefulTemplate.findResources("Custom::S3AutoDeleteObjects"));
    if (stage === "prod") {
      expect(bucket?.DeletionPolicy).toBe("Retain");
      expect(bucket?.UpdateReplacePolicy).toBe("Retain");
      expect(autoDelete).toEqual([]);
    } else {
      expect(bucket?.DeletionPolicy).toBe("Delete");
      expect(autoDelete).toHaveLength(1);
    }
  });

  it("serves published avatars through CloudFront with origin access control, and nothing else of the bucket", () => {
    const { statefulTemplate } = synthStage(stage);
    statefulTemplate.resourceCountIs("AWS::CloudFront::Distribution", 1);
    statefulTemplate.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          AllowedMethods: ["GET", "HEAD"],
          ViewerProtocolPolicy: "redirect-to-https",
        }),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
      }),
    });
    const [policy] = Object.values(resourcesOf(statefulTemplate, "AWS::S3::BucketPolicy"));
    const statements = policy?.Properties.PolicyDocument.Statement as Statement[];
    const cloudFront = statements.filter(
      (s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: "cloudfront.amazonaws.com" }),
    );
    // The origin's read grant, and a deny for every key outside the published prefix.
    expect(cloudFront.map((s) => [s.Effect, s.Action])).toEqual([
      ["Allow", "s3:GetObject"],
      ["Deny", "s3:GetObject"],
    ]);
    expect(JSON.stringify(cloudFront[1]?.NotResource)).toContain("/avatars/public/*");
  });

  it("gives the S3 rights to the users function only, limited to the avatar prefixes", () => {
    const synthesized = synthStage(stage);
    expect(s3Statements(statementsOf(synthesized, "users"))).toEqual([
      {
        Effect: "Allow",
        Action: ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
        Resource: [bucketArn(stage, "/avatars/pending/*"), bucketArn(stage, "/avatars/public/*")],
      },
      {
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: bucketArn(stage),
        Condition: { StringLike: { "s3:prefix": ["avatars/pending/*", "avatars/public/*"] } },
      },
    ]);
    for (const service of serviceCatalog.filter((s) => s.name !== "users")) {
      expect(s3Statements(statementsOf(synthesized, service.name))).toEqual([]);
    }
  });

  it("tells every function where avatars are and how they are served", () => {
    const { apiTemplate } = synthStage(stage);
    for (const fn of Object.values(resourcesOf(apiTemplate, "AWS::Lambda::Function"))) {
      expect(fn.Properties.Environment.Variables).toMatchObject({
        AVATAR_BUCKET_NAME: {
          "Fn::Join": ["", [`tenantry-${stage}-av-`, { Ref: "AWS::AccountId" }, "-", { Ref: "AWS::Region" }]],
        },
        AVATAR_PUBLIC_BASE_URL: expect.anything(),
      });
    }
  });
});
