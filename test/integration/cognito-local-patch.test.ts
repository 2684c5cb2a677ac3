import { randomUUID } from "node:crypto";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { generateSync } from "otplib";
import { describe, expect, inject, it } from "vitest";

/**
 * What patches/cognito-local+5.3.0+001+mfa-and-token-claims.patch makes cognito-local do as Cognito does, tested against
 * the emulator directly: `origin_jti` shared by the tokens of one authentication and its
 * refreshes, and a usable refresh token after a SOFTWARE_TOKEN_MFA challenge.
 */
const cognito = new CognitoIdentityProviderClient({
  endpoint: inject("endpoints").cognito,
  region: "us-east-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});
const { userPoolId, userPoolClientId: clientId } = inject("resources");
const password = "Correct-Horse-Battery-9";

const newUser = async () => {
  const username = `patch-${randomUUID().slice(0, 8)}`;
  await cognito.send(
    new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: username, MessageAction: "SUPPRESS" }),
  );
  await cognito.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: username,
      Password: password,
      Permanent: true,
    }),
  );
  return username;
};
const passwordAuth = (username: string) =>
  cognito.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
const refresh = (refreshToken: string) =>
  cognito.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: "REFRESH_TOKEN_AUTH",
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    }),
  );

describe("cognito-local as patched", () => {
  it("gives every token of one sign-in, and of its refreshes, the same origin_jti; another sign-in another", async () => {
    const username = await newUser();
    const first = (await passwordAuth(username)).AuthenticationResult;
    const origin = decodeJwt(first?.AccessToken ?? "").origin_jti;
    expect(origin).toEqual(expect.any(String));
    expect(decodeJwt(first?.IdToken ?? "").origin_jti).toBe(origin);
    const refreshed = (await refresh(first?.RefreshToken ?? "")).AuthenticationResult;
    expect(decodeJwt(refreshed?.AccessToken ?? "").origin_jti).toBe(origin);
    const second = (await passwordAuth(username)).AuthenticationResult;
    expect(decodeJwt(second?.AccessToken ?? "").origin_jti).not.toBe(origin);
  });

  it("issues a refresh token that works after a SOFTWARE_TOKEN_MFA challenge", async () => {
    const username = await newUser();
    const accessToken = (await passwordAuth(username)).AuthenticationResult?.AccessToken ?? "";
    const { SecretCode: secret = "" } = await cognito.send(
      new AssociateSoftwareTokenCommand({ AccessToken: accessToken }),
    );
    const now = Math.floor(Date.now() / 1000);
    await cognito.send(
      new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: generateSync({ secret, epoch: now - 30 }) }),
    );
    await cognito.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const challenge = await passwordAuth(username);
    expect(challenge.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
    const answered = await cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: "SOFTWARE_TOKEN_MFA",
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: generateSync({ secret, epoch: now }) },
      }),
    );
    const tokens = answered.AuthenticationResult;
    const refreshed = (await refresh(tokens?.RefreshToken ?? "")).AuthenticationResult;
    expect(refreshed?.AccessToken).toEqual(expect.any(String));
    expect(decodeJwt(refreshed?.AccessToken ?? "").origin_jti).toBe(decodeJwt(tokens?.AccessToken ?? "").origin_jti);
  });
});
