import type { ServiceName } from "../shared/src/events/registry.ts";
import type { OperationExampleIndex } from "../shared/src/http/operation-examples.ts";
import type { RouteSpec } from "../shared/src/http/route.ts";
import { accountsExamples } from "./accounts/src/examples.ts";
import { accountsRoutes } from "./accounts/src/routes.ts";
import { docsRoutes } from "./docs/src/routes.ts";
import { DOCS_SITE_FOLDER } from "./docs/src/site.ts";
import { notifyExamples } from "./notify/src/examples.ts";
import { notifyRoutes } from "./notify/src/routes.ts";
import { privacyExamples } from "./privacy/src/examples.ts";
import { privacyRoutes } from "./privacy/src/routes.ts";
import { usersExamples } from "./users/src/examples.ts";
import { usersRoutes } from "./users/src/routes.ts";

/** What a service's function may touch in AWS: CDK turns it into least-privilege grants. */
export interface ServiceAccess {
  /** Cognito admin actions on the user pool, e.g. `AdminCreateUser`. */
  userPoolActions: string[];
  /** KMS operations on the platform key that seals link tokens. */
  kms: Array<"Encrypt" | "Decrypt">;
  /** Whether the function sends email through SES. */
  sendsEmail: boolean;
  /** Whether the function sends SMS straight to phone numbers through SNS (never to topics). */
  sendsSms?: boolean;
  /** Whether the function reads, writes and deletes avatar objects (and presigns their uploads). */
  avatarObjects?: boolean;
  /** Read/write on the single table and its indexes. @default true */
  table?: boolean;
  /** Whether the function runs the Telegram support bot: reads its token secret and gets its settings. */
  telegramBot?: boolean;
  /** Whether the function is the relying party of the stage's external sign-in providers (gets their client secrets). */
  openIdProviders?: boolean;
}

export interface ServiceDescriptor {
  name: ServiceName;
  /** Lambda entry, relative to the repository root; it exports `handler`. */
  entry: string;
  routes: readonly RouteSpec[];
  /** Example requests and responses of its operations, for the API reference. */
  examples: OperationExampleIndex;
  access: ServiceAccess;
  /** Longest a single invocation may run (HTTP calls are still cut at 30 s by API Gateway). @default 10 */
  timeoutSeconds?: number;
  /**
   * Files the function reads beside its bundle, made at build time: `tsx <script> <dir>` writes them
   * into `<dir>`, the folder `folder` of the bundle.
   */
  generatedAssets?: { script: string; folder: string };
}

/** The platform's services: read by the CDK app, the local runtime and the OpenAPI generator. */
export const serviceCatalog: readonly ServiceDescriptor[] = [
  {
    name: "users",
    entry: "services/users/src/lambda.ts",
    routes: usersRoutes,
    examples: usersExamples,
    access: {
      userPoolActions: [
        "cognito-idp:AdminCreateUser",
        "cognito-idp:AdminSetUserPassword",
        "cognito-idp:AdminDeleteUser",
        "cognito-idp:AdminUpdateUserAttributes",
        "cognito-idp:AdminListGroupsForUser",
        "cognito-idp:DescribeUserPool",
        // Machine clients of the provider's apps (SPEC 6.8) are app clients of the pool.
        "cognito-idp:CreateUserPoolClient",
        "cognito-idp:DescribeUserPoolClient",
        "cognito-idp:ListUserPoolClients",
        "cognito-idp:DeleteUserPoolClient",
      ],
      // Encrypt seals links into events; both seal and open the responses kept for Idempotency-Key;
      // TOTP secrets, sealed refresh tokens and sign-in challenges are opened here.
      kms: ["Encrypt", "Decrypt"],
      sendsEmail: false,
      avatarObjects: true,
      openIdProviders: true,
    },
  },
  {
    name: "accounts",
    entry: "services/accounts/src/lambda.ts",
    routes: accountsRoutes,
    examples: accountsExamples,
    access: {
      // Managed users (no email) are created by account admins.
      userPoolActions: [
        "cognito-idp:AdminCreateUser",
        "cognito-idp:AdminSetUserPassword",
        "cognito-idp:AdminDeleteUser",
        // Deleting a user blocks their sign-in at once; the erasure follows.
        "cognito-idp:AdminDisableUser",
      ],
      // Encrypt seals links into events; both seal and open the responses kept for Idempotency-Key;
      // step-up routes check TOTP codes against the sealed secret.
      kms: ["Encrypt", "Decrypt"],
      sendsEmail: false,
    },
  },
  {
    name: "privacy",
    entry: "services/privacy/src/lambda.ts",
    routes: privacyRoutes,
    examples: privacyExamples,
    // The scheduled job works through its batch within the invocation's remaining time.
    timeoutSeconds: 300,
    access: {
      // Data exports include the Cognito user (status, MFA, linked identities), read through the
      // users service's personal-data contract; the export email goes out through SES (raw MIME).
      userPoolActions: ["cognito-idp:AdminGetUser"],
      // The responses kept for Idempotency-Key are sealed and opened with the platform key; step-up
      // routes check TOTP codes against the sealed secret.
      kms: ["Encrypt", "Decrypt"],
      sendsEmail: true,
    },
  },
  {
    name: "notify",
    entry: "services/notify/src/lambda.ts",
    routes: notifyRoutes,
    examples: notifyExamples,
    // Decrypt opens links carried by events; Encrypt and Decrypt seal and open the responses kept
    // for Idempotency-Key (broadcasts).
    access: { userPoolActions: [], kms: ["Encrypt", "Decrypt"], sendsEmail: true, sendsSms: true, telegramBot: true },
  },
  {
    name: "docs",
    entry: "services/docs/src/lambda.ts",
    routes: docsRoutes,
    examples: {},
    // The API reference and the event catalog, generated once at build time and only read here.
    access: { userPoolActions: [], kms: [], sendsEmail: false, table: false },
    generatedAssets: { script: "services/docs/build/write-docs-site.ts", folder: DOCS_SITE_FOLDER },
  },
];
