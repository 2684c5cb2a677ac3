import { hashLinkToken, newLinkToken } from "../../../../../shared/src/crypto/link-token.ts";
import { SEAL_PURPOSE } from "../../../../../shared/src/crypto/secret-sealer.ts";
import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { assertAcceptablePassword } from "../../../../../shared/src/identity/password-policy.ts";
import { EmailTaken, type Locale } from "../../ports/user-store.ts";
import type { UsersDependencies } from "../dependencies.ts";

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
    throw problem.conflict("email_taken", "An account with this email already exists; sign in instead.");
  }

  const now = deps.now();
  const cognitoUsername = deps.newId().toLowerCase();
  const { userId } = await deps.identity.createUser({
    username: cognitoUsername,
    email: input.email,
    password: input.password,
  });
  const accountId = deps.newId();
  const token = newLinkToken();
  const expiresAt = new Date(now.getTime() + deps.config.EMAIL_VERIFICATION_TTL_HOURS * 3600_000);
  const locale = input.locale ?? "en";
  const actor = { type: "user" as const, userId };

  try {
    await deps.store.registerOwner({
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
      verification: { tokenHash: hashLinkToken(token), expiresAt: Math.floor(expiresAt.getTime() / 1000) },
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
            verificationToken: await deps.sealer.seal(token, SEAL_PURPOSE.emailVerification),
            verificationExpiresAt: expiresAt.toISOString(),
          },
        }),
        outboxItem({
          type: "AccountCreated",
          now,
          actor,
          accountId,
          data: { accountId, name: input.accountName, kind: "standard", ownerUserId: userId },
        }),
        outboxItem({ type: "MemberAdded", now, actor, accountId, data: { accountId, userId, role: "owner" } }),
      ],
    });
  } catch (error) {
    await deps.identity.deleteUser(cognitoUsername);
    if (error instanceof EmailTaken) {
      throw problem.conflict("email_taken", "An account with this email already exists; sign in instead.");
    }
    throw error;
  }
  deps.metrics.count("signUps");
  return { userId, accountId };
};
