import type {
  CreateAuthChallengeTriggerEvent,
  DefineAuthChallengeTriggerEvent,
  VerifyAuthChallengeResponseTriggerEvent,
} from "aws-lambda";
import { hashLinkToken } from "../../../../shared/src/crypto/link-token.ts";
import { decideCustomAuth } from "../domain/external-sign-in.ts";
import type { ExternalIdentityStore } from "../ports/external-identities.ts";

export type AuthChallengeEvent =
  | DefineAuthChallengeTriggerEvent
  | CreateAuthChallengeTriggerEvent
  | VerifyAuthChallengeResponseTriggerEvent;

/** What the challenge is called in the session history (Cognito keeps it; nothing secret). */
const CHALLENGE_METADATA = "PROVIDER_PROOF";

/**
 * Cognito's custom-auth triggers (define, create, verify) in one function: the only challenge is
 * the single-use proof the users service issued after an external provider vouched for the user.
 * The verify step spends it by a conditional delete bound to the user (`sub`), so a proof signs in
 * one user once.
 */
export const createAuthChallengeHandler =
  ({ proofs, now }: { proofs: Pick<ExternalIdentityStore, "spendProof">; now: () => Date }) =>
  async (event: AuthChallengeEvent): Promise<AuthChallengeEvent> => {
    switch (event.triggerSource) {
      case "DefineAuthChallenge_Authentication": {
        const decision = event.request.userNotFound
          ? { kind: "fail" as const }
          : decideCustomAuth(event.request.session);
        event.response.issueTokens = decision.kind === "issue-tokens";
        event.response.failAuthentication = decision.kind === "fail";
        if (decision.kind === "challenge") event.response.challengeName = "CUSTOM_CHALLENGE";
        return event;
      }
      case "CreateAuthChallenge_Authentication":
        event.response.publicChallengeParameters = {};
        event.response.privateChallengeParameters = {};
        event.response.challengeMetadata = CHALLENGE_METADATA;
        return event;
      case "VerifyAuthChallengeResponse_Authentication": {
        const userId = event.request.userAttributes.sub;
        const answer = event.request.challengeAnswer;
        event.response.answerCorrect =
          typeof userId === "string" &&
          typeof answer === "string" &&
          answer.length > 0 &&
          (await proofs.spendProof(hashLinkToken(answer), userId, now()));
        return event;
      }
      default:
        throw new Error(`Unexpected trigger ${(event as { triggerSource: string }).triggerSource}`);
    }
  };
