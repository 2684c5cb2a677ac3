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
  clientAuthFlows: ["USER_PASSWORD_AUTH", "REFRESH_TOKEN_AUTH"],
  accessTokenValidityMinutes: 60,
  refreshTokenValidityDays: 30,
  groups: {
    platformAdmins: "platform-admins",
  },
} as const;
