/**
 * The Cognito user pool's settings, read by the CDK stack and by local provisioning of
 * cognito-local, so both environments enforce the same sign-in rules.
 */
export const userPoolDefinition = {
  passwordPolicy: {
    minLength: 10,
    requireLowercase: false,
    requireUppercase: false,
    requireDigits: false,
    requireSymbols: false,
  },
  /** TOTP is optional per user; SMS MFA is not offered (phone codes are for phone verification). */
  mfa: "OPTIONAL",
  /** CUSTOM_AUTH: sign-in through an external OpenID provider, proven to the custom-auth triggers. */
  clientAuthFlows: ["USER_PASSWORD_AUTH", "CUSTOM_AUTH", "REFRESH_TOKEN_AUTH"],
  /** SPEC 6.1: an access token of an ended session lives at most this long (authorizers only check the JWT). */
  accessTokenValidityMinutes: 15,
  refreshTokenValidityDays: 30,
  groups: {
    platformAdmins: "platform-admins",
  },
  /**
   * The OAuth 2.0 resource server the provider's own apps get machine tokens for (SPEC 6.8):
   * a scope travels in the access token as `<identifier>/<name>`.
   */
  resourceServer: {
    identifier: "tenantry",
    name: "Tenantry API",
    scopes: {
      "access.check": "Ask whether a user may do something in an account (POST /v1/access/check)",
      "accounts.read": "Read accounts and their members",
    },
  },
  /** Machine clients' app client names start with this, so a listing tells them from the API's own client. */
  machineClientNamePrefix: "machine-",
  /** How long a machine's access token lives; it asks the token endpoint for another when it expires. */
  machineAccessTokenValidityMinutes: 60,
} as const;

type ScopeName = keyof typeof userPoolDefinition.resourceServer.scopes;
/** A resource-server scope as it appears in a machine token's `scope` claim, e.g. `tenantry/access.check`. */
export type MachineScope = `${typeof userPoolDefinition.resourceServer.identifier}/${ScopeName}`;

/** Every scope a machine client may be given. */
export const machineScopes = Object.keys(userPoolDefinition.resourceServer.scopes).map(
  (name) => `${userPoolDefinition.resourceServer.identifier}/${name}` as MachineScope,
) as [MachineScope, ...MachineScope[]];
