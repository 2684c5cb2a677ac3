import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { assertAcceptablePassword } from "../../../../../shared/src/identity/password-policy.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { activityEntry } from "../security-activity.ts";
import { openLink, spendLink } from "../single-use-links.ts";

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
  const { tokenHash, profile } = await openLink(deps, token, "password-reset");
  assertAcceptablePassword(newPassword, [profile.email, profile.login], "body.newPassword");

  const now = deps.now();
  await spendLink(deps, {
    tokenHash,
    purpose: "password-reset",
    now,
    ...(profile.email && !profile.emailVerified ? { markEmailVerified: profile.userId } : {}),
  });
  try {
    await deps.identity.setPassword(profile.cognitoUsername, newPassword);
  } catch (error) {
    await deps.store.restoreLinkToken(tokenHash);
    throw error;
  }
  // After Cognito has the password: until then, unlinking the last provider stays refused.
  await deps.store.recordPasswordReset({
    userId: profile.userId,
    markPasswordSet: profile.hasPassword === false,
    now,
    activity: activityEntry(deps, profile.userId, "password_reset", client),
    ...(profile.email
      ? {
          event: outboxItem({
            type: "PasswordChanged",
            now,
            actor: { type: "user", userId: profile.userId },
            data: { userId: profile.userId, email: profile.email, fullName: profile.fullName, locale: profile.locale },
          }),
        }
      : {}),
  });
  if (profile.email && !profile.emailVerified)
    await deps.identity.markEmailVerified(profile.cognitoUsername, profile.email);
};
