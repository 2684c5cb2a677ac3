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
} as const;
