import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  type AuthenticationResultType,
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { IdentityProvider, SessionTokens } from "./identity-provider.ts";

/** Errors that mean "these credentials do not sign in" (cognito-local says InvalidPasswordException where Cognito says NotAuthorized). */
const REJECTED_SIGN_IN = new Set([
  "NotAuthorizedException",
  "UserNotFoundException",
  "PasswordResetRequiredException",
  "InvalidPasswordException",
]);

const toTokens = (result: AuthenticationResultType | undefined): SessionTokens => {
  if (!result?.AccessToken || !result.IdToken) throw new Error("Cognito returned no tokens");
  return {
    accessToken: result.AccessToken,
    idToken: result.IdToken,
    ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
    expiresIn: result.ExpiresIn ?? 3600,
  };
};

export const cognitoIdentityProvider = (
  { userPoolId, clientId }: { userPoolId: string; clientId: string },
  client = new CognitoIdentityProviderClient({}),
): IdentityProvider => ({
  async createUser({ username, email, password }) {
    const created = await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: username,
        MessageAction: "SUPPRESS",
        UserAttributes: email ? [{ Name: "email", Value: email }] : [],
      }),
    );
    const sub = created.User?.Attributes?.find((attribute) => attribute.Name === "sub")?.Value;
    if (!sub) throw new Error("Cognito created a user without a sub");
    await client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: username,
        Password: password,
        Permanent: true,
      }),
    );
    return { userId: sub };
  },
  async deleteUser(username) {
    await client.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: username }));
  },
  async disableUser(username) {
    // Cognito refuses sign-in and refresh of a disabled user and revokes the tokens it issued.
    try {
      await client.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: username }));
    } catch (error) {
      // Already erased: a user who no longer exists cannot sign in either.
      if ((error as Error).name !== "UserNotFoundException") throw error;
    }
  },
  async setPassword(username, password) {
    await client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: username,
        Password: password,
        Permanent: true,
      }),
    );
  },
  async markEmailVerified(username, email) {
    await client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: userPoolId,
        Username: username,
        // The address is restated with the flag: Cognito then cannot pair the flag with another address.
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "email_verified", Value: "true" },
        ],
      }),
    );
  },
  async signIn(username, password) {
    try {
      const result = await client.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: username, PASSWORD: password },
        }),
      );
      if (result.ChallengeName === "SOFTWARE_TOKEN_MFA" && result.Session) {
        return { kind: "totp-required", session: result.Session };
      }
      return { kind: "signed-in", tokens: toTokens(result.AuthenticationResult) };
    } catch (error) {
      if (REJECTED_SIGN_IN.has((error as Error).name)) return { kind: "rejected" };
      throw error;
    }
  },
  async refresh(refreshToken) {
    try {
      const result = await client.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "REFRESH_TOKEN_AUTH",
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      );
      return toTokens(result.AuthenticationResult);
    } catch (error) {
      if (REJECTED_SIGN_IN.has((error as Error).name) || (error as Error).name === "InvalidParameterException") {
        return undefined;
      }
      throw error;
    }
  },
  async revoke(refreshToken) {
    try {
      await client.send(new RevokeTokenCommand({ ClientId: clientId, Token: refreshToken }));
    } catch (error) {
      // Revoking an unknown or already revoked token leaves the same outcome: it cannot be used.
      if (
        !["UnsupportedTokenTypeException", "NotAuthorizedException", "InvalidParameterException"].includes(
          (error as Error).name,
        )
      ) {
        throw error;
      }
    }
  },
  async ping() {
    await client.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
  },
});
