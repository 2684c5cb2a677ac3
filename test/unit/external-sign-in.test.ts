import { describe, expect, it } from "vitest";
import { decideCustomAuth, trustedEmailOf } from "../../services/users/src/domain/external-sign-in.ts";
import {
  type AuthChallengeEvent,
  createAuthChallengeHandler,
} from "../../services/users/src/triggers/auth-challenge.ts";
import { openIdProvidersSchema } from "../../shared/src/config/openid-providers.ts";
import { hashLinkToken } from "../../shared/src/crypto/link-token.ts";

const identity = { provider: "google", subject: "1", email: "Ada@Example.com", emailVerified: true };

describe("which provider emails are trusted", () => {
  it("trusts a verified address from an authoritative provider, lower-cased", () => {
    expect(trustedEmailOf(identity, { emailAuthoritative: true })).toBe("ada@example.com");
  });
  it("trusts no unverified address, and nothing from a provider that is not the authority", () => {
    expect(trustedEmailOf({ ...identity, emailVerified: false }, { emailAuthoritative: true })).toBeUndefined();
    expect(trustedEmailOf(identity, { emailAuthoritative: false })).toBeUndefined();
    const { email: _email, ...withoutEmail } = identity;
    expect(trustedEmailOf(withoutEmail, { emailAuthoritative: true })).toBeUndefined();
  });
});

describe("the custom-auth decision", () => {
  it("asks one challenge, issues tokens after one right answer, and fails everything else", () => {
    expect(decideCustomAuth([])).toEqual({ kind: "challenge" });
    expect(decideCustomAuth([{ challengeName: "CUSTOM_CHALLENGE", challengeResult: true }])).toEqual({
      kind: "issue-tokens",
    });
    expect(decideCustomAuth([{ challengeName: "CUSTOM_CHALLENGE", challengeResult: false }])).toEqual({ kind: "fail" });
    expect(decideCustomAuth([{ challengeName: "PASSWORD_VERIFIER", challengeResult: true }])).toEqual({ kind: "fail" });
    expect(
      decideCustomAuth([
        { challengeName: "CUSTOM_CHALLENGE", challengeResult: false },
        { challengeName: "CUSTOM_CHALLENGE", challengeResult: true },
      ]),
    ).toEqual({ kind: "fail" });
  });
});

describe("the auth-challenge trigger", () => {
  const spent: Array<{ proofHash: string; userId: string }> = [];
  const handler = createAuthChallengeHandler({
    proofs: {
      spendProof: async (proofHash, userId) => {
        spent.push({ proofHash, userId });
        return proofHash === hashLinkToken("the-proof") && userId === "sub-1";
      },
    },
    now: () => new Date(),
  });
  const verify = (answer: string, sub = "sub-1") =>
    handler({
      triggerSource: "VerifyAuthChallengeResponse_Authentication",
      request: { userAttributes: { sub }, privateChallengeParameters: {}, challengeAnswer: answer },
      response: { answerCorrect: false },
    } as unknown as AuthChallengeEvent);

  it("spends the answer's hash for the user the challenge is about", async () => {
    const right = await verify("the-proof");
    expect((right.response as { answerCorrect: boolean }).answerCorrect).toBe(true);
    expect(spent.at(-1)).toEqual({ proofHash: hashLinkToken("the-proof"), userId: "sub-1" });
    expect(((await verify("the-proof", "sub-2")).response as { answerCorrect: boolean }).answerCorrect).toBe(false);
    expect(((await verify("")).response as { answerCorrect: boolean }).answerCorrect).toBe(false);
  });

  it("fails a user Cognito does not know, without a challenge", async () => {
    const defined = await handler({
      triggerSource: "DefineAuthChallenge_Authentication",
      request: { userAttributes: {}, session: [], userNotFound: true },
      response: {},
    } as unknown as AuthChallengeEvent);
    expect(defined.response).toMatchObject({ failAuthentication: true, issueTokens: false });
  });
});

describe("OIDC_PROVIDERS", () => {
  const provider = {
    id: "google",
    displayName: "Google",
    issuer: "https://accounts.google.com",
    clientId: "id",
    clientSecret: "secret",
  };
  it("parses a JSON array with safe defaults (no sign-up, email not authoritative)", () => {
    expect(openIdProvidersSchema().parse(JSON.stringify([provider]))).toEqual([
      { ...provider, signUpAllowed: false, emailAuthoritative: false },
    ]);
    expect(openIdProvidersSchema().parse(undefined)).toEqual([]);
  });
  it("refuses duplicate ids, ids unfit for a path, and text that is not JSON", () => {
    expect(openIdProvidersSchema().safeParse(JSON.stringify([provider, provider])).success).toBe(false);
    expect(openIdProvidersSchema().safeParse(JSON.stringify([{ ...provider, id: "Google/x" }])).success).toBe(false);
    expect(openIdProvidersSchema().safeParse("not json").success).toBe(false);
  });
});
