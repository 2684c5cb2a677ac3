import { Aws, Duration, Validations } from "aws-cdk-lib";
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  PriceClass,
  S3OriginAccessControl,
  Signing,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { Effect, PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { AVATAR_PENDING_PREFIX, AVATAR_PUBLIC_PREFIX } from "../services/users/src/domain/avatar.ts";
import { removalPolicyOf, resourceNameOf, type Stage } from "./stage-config.ts";

/**
 * The avatar bucket's name, derived from the stage, account and region (bucket names are global),
 * so the functions' grants name it without a cross-stack reference. At most 9 + 20 + 4 + 12 + 1 +
 * 14 = 60 characters ("av": a full word would pass S3's 63 for the longest stage and region names).
 */
export const avatarBucketNameOf = (stage: Stage) => `${resourceNameOf(stage, "av")}-${Aws.ACCOUNT_ID}-${Aws.REGION}`;

/** Unconfirmed uploads are deleted after this many days (the upload URL itself lasts minutes). */
export const PENDING_AVATAR_EXPIRY_DAYS = 1;

/**
 * The avatar bucket and the CloudFront distribution that serves published avatars. The bucket is
 * private (all public access blocked, TLS only, S3-managed encryption); CloudFront reads it through
 * origin access control, and its bucket-policy grant covers the published prefix only, so an
 * unconfirmed upload is never public. A published avatar's key is new per upload, so caches keep
 * it for good. Browsers upload straight to S3 with the presigned URL the users service hands out.
 */
export class AvatarStore extends Construct {
  /** The private bucket: `avatars/pending/` (uploads) and `avatars/public/` (published). */
  readonly bucket: Bucket;
  /** Serves `avatars/public/*` to anyone, without a bearer token. */
  readonly distribution: Distribution;
  /** `AVATAR_PUBLIC_BASE_URL`: the distribution's URL; an avatar's URL is this plus its key. */
  readonly publicBaseUrl: string;

  constructor(scope: Construct, id: string, props: { stage: Stage }) {
    super(scope, id);
    const { config } = props.stage;

    this.bucket = new Bucket(this, "Bucket", {
      bucketName: avatarBucketNameOf(props.stage),
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      removalPolicy: removalPolicyOf(config),
      autoDeleteObjects: !config.retainData,
      lifecycleRules: [
        {
          id: "expire-unconfirmed-uploads",
          prefix: AVATAR_PENDING_PREFIX,
          expiration: Duration.days(PENDING_AVATAR_EXPIRY_DAYS),
        },
        { id: "abort-incomplete-multipart-uploads", abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // The portal's browser PUTs the file to the presigned URL.
      cors: [
        {
          allowedMethods: [HttpMethods.PUT],
          allowedOrigins: [config.appBaseUrl ?? "*"],
          allowedHeaders: ["content-type"],
          maxAge: 3000,
        },
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "Avatars are low-value public images; writes come only from presigned URLs the users service " +
        "issues (its logs record them) and reads go through CloudFront.",
    });

    const originAccessControl = new S3OriginAccessControl(this, "OriginAccessControl", {
      signing: Signing.SIGV4_ALWAYS,
      description: "CloudFront reads published avatars",
    });
    this.distribution = new Distribution(this, "Distribution", {
      comment: `Tenantry ${props.stage.name} avatars`,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket, { originAccessControl }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        compress: false,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
    });
    // The origin's grant covers the whole bucket; this narrows it: CloudFront never reads
    // anything but published avatars (an unconfirmed upload is not served even by its key).
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ["s3:GetObject"],
        principals: [new ServicePrincipal("cloudfront.amazonaws.com")],
        notResources: [this.bucket.arnForObjects(`${AVATAR_PUBLIC_PREFIX}*`)],
      }),
    );
    Validations.of(this.distribution).acknowledge(
      {
        id: "AwsSolutions-CFR1",
        reason: "Avatars are shown to the product's users wherever they are; no geographic restriction applies.",
      },
      {
        id: "AwsSolutions-CFR2",
        reason:
          "Read-only, cached, immutable public images with unguessable names; a WAF is a cost decision left to the provider.",
      },
      {
        id: "AwsSolutions-CFR3",
        reason: "Access logs of public avatar reads hold viewers' IPs and no security value; not collected.",
      },
      {
        id: "AwsSolutions-CFR4",
        reason: "Served on the default cloudfront.net certificate until the provider assigns a custom domain.",
      },
    );
    this.publicBaseUrl = `https://${this.distribution.distributionDomainName}`;
  }
}
