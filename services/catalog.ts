import type { ServiceName } from "../shared/src/events/registry.ts";
import type { RouteSpec } from "../shared/src/http/route.ts";
import { accountsRoutes } from "./accounts/src/routes.ts";
import { notifyRoutes } from "./notify/src/routes.ts";
import { privacyRoutes } from "./privacy/src/routes.ts";
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
  /** Whether the function is the relying party of the stage's external sign-in providers (gets their client secrets). */
  openIdProviders?: boolean;
}

export interface ServiceDescriptor {
  name: ServiceName;
  /** Lambda entry, relative to the repository root; it exports `handler`. */
  entry: string;
  routes: readonly RouteSpec[];
  access: ServiceAccess;
  /** Longest a single invocation may run (HTTP calls are still cut at 30 s by API Gateway). @default 10 */
  timeoutSeconds?: number;
}

/** The platform's services: read by the CDK app, the local runtime and the OpenAPI generator. */
export const serviceCatalog: readonly ServiceDescriptor[] = [
  {
    name: "users",
    entry: "services/users/src/lambda.ts",
    routes: usersRoutes,
    access: {
      userPoolActions: [
        "cognito-idp:AdminCreateUser",
        "cognito-idp:AdminSetUserPassword",
        "cognito-idp:AdminDeleteUser",
        "cognito-idp:AdminUpdateUserAttributes",
        "cognito-idp:AdminListGroupsForUser",
        "cognito-idp:DescribeUserPool",
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
    access: { userPoolActions: [], kms: ["Decrypt"], sendsEmail: true, sendsSms: true },
  },
];
