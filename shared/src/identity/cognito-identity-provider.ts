import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AssociateSoftwareTokenCommand,
  type AuthenticationResultType,
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
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
    expiresIn: result.ExpiresIn ?? secondsToExpiry(result.AccessToken),
  };
};

/** What the token itself says when the provider does not (cognito-local leaves `ExpiresIn` out). */
const secondsToExpiry = (accessToken: string): number => {
  const { exp } = decodeJwt(accessToken);
  if (typeof exp !== "number") throw new Error("Cognito returned an access token without exp");
  return Math.max(0, exp - Math.floor(Date.now() / 1000));
};

const CODE_MISMATCH = new Set([
  "CodeMismatchException",
  "EnableSoftwareTokenMFAException",
  "InvalidParameterException",
]);

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
  async associateTotp(accessToken) {
    const result = await client.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    if (!result.SecretCode) throw new Error("Cognito returned no software token secret");
    return result.SecretCode;
  },
  async enableTotp(accessToken, code) {
    try {
      const result = await client.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: code }));
      if (result.Status !== "SUCCESS") return false;
    } catch (error) {
      if (CODE_MISMATCH.has((error as Error).name)) return false;
      throw error;
    }
    await client.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    return true;
  },
  async disableTotp(accessToken) {
    await client.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
      }),
    );
  },
  async answerTotpChallenge({ username, session, code }) {
    try {
      const result = await client.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: "SOFTWARE_TOKEN_MFA",
          Session: session,
          ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code },
        }),
      );
      return { kind: "signed-in", tokens: toTokens(result.AuthenticationResult) };
    } catch (error) {
      const name = (error as Error).name;
      if (name === "CodeMismatchException") return { kind: "code-rejected" };
      // Cognito answers an expired or spent session with NotAuthorized ("Invalid session").
      if (name === "NotAuthorizedException" || name === "ExpiredCodeException") return { kind: "expired" };
      throw error;
    }
  },
  async signInWithProof(username, proof) {
    try {
      const challenge = await client.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "CUSTOM_AUTH",
          AuthParameters: { USERNAME: username },
        }),
      );
      if (challenge.ChallengeName !== "CUSTOM_CHALLENGE" || !challenge.Session) {
        throw new Error(`Cognito answered CUSTOM_AUTH with ${challenge.ChallengeName ?? "no challenge"}`);
      }
      const result = await client.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: "CUSTOM_CHALLENGE",
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: username, ANSWER: proof },
        }),
      );
      return toTokens(result.AuthenticationResult);
    } catch (error) {
      if (REJECTED_SIGN_IN.has((error as Error).name)) return undefined;
      throw error;
    }
  },
  async ping() {
    await client.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
  },
});
