import { issueLink } from "../../../../../shared/src/crypto/link-token.ts";
import { SEAL_PURPOSE } from "../../../../../shared/src/crypto/secret-sealer.ts";
import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { assertAcceptablePassword } from "../../../../../shared/src/identity/password-policy.ts";
import { EmailTaken, type Locale } from "../../ports/user-store.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { ownerAccountEvents, registerOwnerOrUndo } from "./new-owner.ts";

const emailTaken = () => problem.conflict("email_taken", "An account with this email already exists; sign in instead.");

export interface RegisterInput {
  email: string;
  password: string;
  fullName: string;
  accountName: string;
  locale?: Locale;
}

/**
 * Sign-up:
 * 1. refuse a weak password or a known email early (the unique login record decides in the end);
 * 2. create the Cognito user (the id provider assigns the user id);
 * 3. in one transaction: login record, profile, account, owner membership, verification token, events;
 * 4. if the transaction loses the race for the email, remove the Cognito user again;
 * 5. count the sign-up.
 */
export const register = async (deps: UsersDependencies, input: RegisterInput) => {
  assertAcceptablePassword(input.password, [input.email], "body.password");
  if (await deps.store.findLogin("email", input.email)) {
    throw emailTaken();
  }

  const now = deps.now();
  const cognitoUsername = deps.newId().toLowerCase();
  const { userId } = await deps.identity.createUser({
    username: cognitoUsername,
    email: input.email,
    password: input.password,
  });
  const accountId = deps.newId();
  const verification = issueLink({ now, ttlMs: deps.config.EMAIL_VERIFICATION_TTL_HOURS * 3600_000 });
  const locale = input.locale ?? "en";
  const actor = { type: "user" as const, userId };

  await registerOwnerOrUndo(
    deps,
    cognitoUsername,
    async () => ({
      profile: {
        userId,
        cognitoUsername,
        email: input.email,
        fullName: input.fullName,
        locale,
        emailVerified: false,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      },
      account: { accountId, name: input.accountName },
      verification: { tokenHash: verification.tokenHash, expiresAt: verification.expiresAtSeconds },
      events: [
        outboxItem({
          type: "UserRegistered",
          now,
          actor,
          accountId,
          data: {
            userId,
            email: input.email,
            fullName: input.fullName,
            locale,
            accountId,
            accountName: input.accountName,
            verificationToken: await deps.sealer.seal(verification.token, SEAL_PURPOSE.emailVerification),
            verificationExpiresAt: verification.expiresAt.toISOString(),
          },
        }),
        ...ownerAccountEvents({ now, userId, accountId, accountName: input.accountName }),
      ],
    }),
    (error) => (error instanceof EmailTaken ? emailTaken() : undefined),
  );
  deps.metrics.count("signUps");
  return { userId, accountId };
};
