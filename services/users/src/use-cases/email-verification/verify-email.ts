import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { openLink, spendLink } from "../single-use-links.ts";

/** Confirms an email address: the token is used and the profile marked verified in one transaction. */
export const verifyEmail = async (deps: UsersDependencies, token: string) => {
  const { tokenHash, profile } = await openLink(deps, token, "email-verification");
  const now = deps.now();
  await spendLink(deps, {
    tokenHash,
    purpose: "email-verification",
    now,
    markEmailVerified: profile.userId,
    event: outboxItem({
      type: "EmailVerified",
      now,
      actor: { type: "user", userId: profile.userId },
      data: { userId: profile.userId },
    }),
  });
  if (profile.email) await deps.identity.markEmailVerified(profile.cognitoUsername, profile.email);
};
