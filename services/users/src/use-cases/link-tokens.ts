import { hashLinkToken, newLinkToken } from "../../../../shared/src/crypto/link-token.ts";
import { SEAL_PURPOSE } from "../../../../shared/src/crypto/secret-sealer.ts";
import { outboxItem } from "../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import { assertAcceptablePassword } from "../../../../shared/src/identity/password-policy.ts";
import { rateLimitBucket } from "../../../../shared/src/rate-limit/fixed-window-limiter.ts";
import { LinkUnusable, type UserProfile } from "../ports/user-store.ts";
import type { ClientInfo, UsersDependencies } from "./dependencies.ts";
import { recordActivity } from "./user-sessions.ts";

const linkGone = () => problem.gone("link_unusable", "This link has expired or was already used; request a new one.");

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

/** Issues a fresh verification link when the address is known and unverified; silent otherwise. */
export const resendVerification = async (deps: UsersDependencies, email: string) => {
  await deps.rateLimiter.consume({ bucket: rateLimitBucket("verify-resend", email), limit: 5, windowSeconds: 3600 });
  const login = await deps.store.findLogin("email", email);
  const profile = login ? await deps.store.getProfile(login.userId) : undefined;
  if (!profile?.email || profile.emailVerified) return;
  const now = deps.now();
  const token = newLinkToken();
  const expiresAt = new Date(now.getTime() + deps.config.EMAIL_VERIFICATION_TTL_HOURS * 3600_000);
  await deps.store.issueLinkToken({
    tokenHash: hashLinkToken(token),
    purpose: "email-verification",
    userId: profile.userId,
    expiresAt: Math.floor(expiresAt.getTime() / 1000),
    event: outboxItem({
      type: "EmailVerificationRequested",
      now,
      actor: { type: "user", userId: profile.userId },
      data: {
        userId: profile.userId,
        email: profile.email,
        fullName: profile.fullName,
        locale: profile.locale,
        verificationToken: await deps.sealer.seal(token, SEAL_PURPOSE.emailVerification),
        verificationExpiresAt: expiresAt.toISOString(),
      },
    }),
  });
};

export const findByUsername = async (deps: UsersDependencies, username: string): Promise<UserProfile | undefined> => {
  const kind = username.includes("@") ? "email" : "login";
  const login = await deps.store.findLogin(kind, username.toLowerCase());
  return login ? deps.store.getProfile(login.userId) : undefined;
};

/** Emails a reset link to a user with an email address; says nothing about whether one exists. */
export const forgotPassword = async (deps: UsersDependencies, username: string) => {
  await deps.rateLimiter.consume({
    bucket: rateLimitBucket("password-reset", username),
    limit: deps.config.PASSWORD_RESETS_PER_HOUR,
    windowSeconds: 3600,
  });
  const profile = await findByUsername(deps, username);
  if (!profile?.email || profile.signInBlockedAt) return;
  const now = deps.now();
  const token = newLinkToken();
  const expiresAt = new Date(now.getTime() + deps.config.PASSWORD_RESET_TTL_MINUTES * 60_000);
  await deps.store.issueLinkToken({
    tokenHash: hashLinkToken(token),
    purpose: "password-reset",
    userId: profile.userId,
    expiresAt: Math.floor(expiresAt.getTime() / 1000),
    event: outboxItem({
      type: "PasswordResetRequested",
      now,
      actor: { type: "user", userId: profile.userId },
      data: {
        userId: profile.userId,
        email: profile.email,
        fullName: profile.fullName,
        locale: profile.locale,
        resetToken: await deps.sealer.seal(token, SEAL_PURPOSE.passwordReset),
        resetExpiresAt: expiresAt.toISOString(),
      },
    }),
  });
};

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
