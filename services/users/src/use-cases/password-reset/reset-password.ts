import { hashLinkToken } from "../../../../../shared/src/crypto/link-token.ts";
import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { assertAcceptablePassword } from "../../../../../shared/src/identity/password-policy.ts";
import { LinkUnusable } from "../../ports/user-store.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { recordActivity } from "../security-activity.ts";
import { linkGone } from "../single-use-links.ts";

/**
 * Sets a new password from a reset link. The token is spent first (a conditional write, so a
 * link works once); if the identity provider then refuses, the token is given back. Following
 * the emailed link also proves control of the address, so the email counts as verified.
 */
export const resetPassword = async (
  deps: UsersDependencies,
  token: string,
  newPassword: string,
  client: ClientInfo,
) => {
  const tokenHash = hashLinkToken(token);
  const record = await deps.store.findLinkToken(tokenHash);
  if (record?.purpose !== "password-reset") throw linkGone();
  const profile = await deps.store.getProfile(record.userId);
  if (!profile) throw linkGone();
  assertAcceptablePassword(newPassword, [profile.email, profile.login], "body.newPassword");

  const now = deps.now();
  try {
    await deps.store.useLinkToken({
      tokenHash,
      purpose: "password-reset",
      now,
      ...(profile.email && !profile.emailVerified ? { markEmailVerified: profile.userId } : {}),
    });
  } catch (error) {
    if (error instanceof LinkUnusable) throw linkGone();
    throw error;
  }
  try {
    await deps.identity.setPassword(profile.cognitoUsername, newPassword);
  } catch (error) {
    await deps.store.restoreLinkToken(tokenHash);
    throw error;
  }
  // After Cognito has the password: until then, unlinking the last provider stays refused.
  if (profile.hasPassword === false) await deps.store.markPasswordSet(profile.userId, now);
  if (profile.email && !profile.emailVerified)
    await deps.identity.markEmailVerified(profile.cognitoUsername, profile.email);
  await recordActivity(deps, profile.userId, "password_reset", client);
  if (profile.email) {
    await deps.store.appendEvent(
      outboxItem({
        type: "PasswordChanged",
        now,
        actor: { type: "user", userId: profile.userId },
        data: { userId: profile.userId, email: profile.email, fullName: profile.fullName, locale: profile.locale },
      }),
    );
  }
};
