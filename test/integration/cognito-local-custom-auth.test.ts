import { randomBytes, randomUUID } from "node:crypto";
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { describe, expect, inject, it } from "vitest";
import { hashLinkToken } from "../../shared/src/crypto/link-token.ts";
import { testTable } from "./privacy-fixtures.ts";

/**
 * What patches/cognito-local+5.3.0+003+custom-auth.patch makes cognito-local do as Cognito does,
 * against the emulator directly: the CUSTOM_AUTH flow driven by the DefineAuthChallenge,
 * CreateAuthChallenge and VerifyAuthChallengeResponse triggers (here the platform's own handler,
 * which accepts a proof item from the table once), with single-use challenge sessions.
 */
const cognito = new CognitoIdentityProviderClient({
  endpoint: inject("endpoints").cognito,
  region: "us-east-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});
const { userPoolId, userPoolClientId: clientId } = inject("resources");
const { table } = testTable();

const newUser = async () => {
  const username = `custom-${randomUUID().slice(0, 8)}`;
  const created = await cognito.send(
    new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: username, MessageAction: "SUPPRESS" }),
  );
  const sub = created.User?.Attributes?.find((a) => a.Name === "sub")?.Value as string;
  return { username, sub };
};
/** A proof as the users service issues it: only its hash in the table, for one user, briefly. */
const proofFor = async (sub: string, ttlSeconds = 60) => {
  const proof = randomBytes(32).toString("base64url");
  await table.entities.providerSignInProof
    .create({ proofHash: hashLinkToken(proof), userId: sub, expiresAt: Math.floor(Date.now() / 1000) + ttlSeconds })
    .go();
  return proof;
};
const start = (username: string) =>
  cognito.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "CUSTOM_AUTH", AuthParameters: { USERNAME: username } }),
  );
const answer = (username: string, session: string | undefined, value: string) =>
  cognito.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: "CUSTOM_CHALLENGE",
      Session: session,
      ChallengeResponses: { USERNAME: username, ANSWER: value },
    }),
  );

describe("cognito-local CUSTOM_AUTH with the auth-challenge triggers (patch 003)", () => {
  it("asks the custom challenge DefineAuthChallenge chose, and issues tokens for the right answer", async () => {
    const { username, sub } = await newUser();
    const challenge = await start(username);
    expect(challenge.ChallengeName).toBe("CUSTOM_CHALLENGE");
    expect(challenge.ChallengeParameters?.USERNAME).toBe(username);
    const result = await answer(username, challenge.Session, await proofFor(sub));
    expect(result.AuthenticationResult?.AccessToken).toBeDefined();
    expect(result.AuthenticationResult?.RefreshToken).toBeDefined();
    expect(decodeJwt(result.AuthenticationResult?.AccessToken as string).sub).toBe(sub);
    // The refresh token of a custom-auth sign-in works like any other.
    const refreshed = await cognito.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "REFRESH_TOKEN_AUTH",
        AuthParameters: { REFRESH_TOKEN: result.AuthenticationResult?.RefreshToken as string },
      }),
    );
    expect(refreshed.AuthenticationResult?.AccessToken).toBeDefined();
  });

  it("fails the authentication when VerifyAuthChallengeResponse says the answer is wrong", async () => {
    const { username } = await newUser();
    const challenge = await start(username);
    await expect(answer(username, challenge.Session, "not-a-proof")).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
  });

  it("refuses another user's proof, a spent proof and an expired one", async () => {
    const [alice, bob] = await Promise.all([newUser(), newUser()]);
    const bobsProof = await proofFor(bob.sub);
    await expect(answer(alice.username, (await start(alice.username)).Session, bobsProof)).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
    const proof = await proofFor(alice.sub);
    await answer(alice.username, (await start(alice.username)).Session, proof);
    await expect(answer(alice.username, (await start(alice.username)).Session, proof)).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
    const expired = await proofFor(alice.sub, -1);
    await expect(answer(alice.username, (await start(alice.username)).Session, expired)).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
  });

  it("answers a session once, for its own user only", async () => {
    const [alice, bob] = await Promise.all([newUser(), newUser()]);
    const challenge = await start(alice.username);
    await expect(answer(bob.username, challenge.Session, await proofFor(bob.sub))).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
    // The session was spent by that attempt.
    await expect(answer(alice.username, challenge.Session, await proofFor(alice.sub))).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
    await expect(answer(alice.username, randomUUID(), await proofFor(alice.sub))).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
  });

  it("refuses an unknown or disabled user before any challenge", async () => {
    await expect(start(`nobody-${randomUUID()}`)).rejects.toMatchObject({ name: "NotAuthorizedException" });
    const { username } = await newUser();
    await cognito.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: username }));
    expect((await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }))).Enabled).toBe(
      false,
    );
    await expect(start(username)).rejects.toMatchObject({ name: "NotAuthorizedException" });
  });
});
