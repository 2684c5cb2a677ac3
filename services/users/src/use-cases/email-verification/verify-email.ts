import { hashLinkToken } from "../../../../../shared/src/crypto/link-token.ts";
import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { LinkUnusable } from "../../ports/user-store.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { linkGone } from "../single-use-links.ts";

/** Confirms an email address: the token is used and the profile marked verified in one transaction. */
export const verifyEmail = async (deps: UsersDependencies, token: string) => {
  const tokenHash = hashLinkToken(token);
  const record = await deps.store.findLinkToken(tokenHash);
  if (record?.purpose !== "email-verification") throw linkGone();
  const profile = await deps.store.getProfile(record.userId);
  if (!profile) throw linkGone();
  const now = deps.now();
  try {
    await deps.store.useLinkToken({
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
  } catch (error) {
    if (error instanceof LinkUnusable) throw linkGone();
    throw error;
  }
  if (profile.email) await deps.identity.markEmailVerified(profile.cognitoUsername, profile.email);
};
