import { issueLink } from "../../../../../shared/src/crypto/link-token.ts";
import { SEAL_PURPOSE } from "../../../../../shared/src/crypto/secret-sealer.ts";
import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { rateLimitBucket } from "../../../../../shared/src/rate-limit/fixed-window-limiter.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { findByUsername } from "../sign-in/find-by-username.ts";

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
  const link = issueLink({ now, ttlMs: deps.config.PASSWORD_RESET_TTL_MINUTES * 60_000 });
  await deps.store.issueLinkToken({
    tokenHash: link.tokenHash,
    purpose: "password-reset",
    userId: profile.userId,
    expiresAt: link.expiresAtSeconds,
    event: outboxItem({
      type: "PasswordResetRequested",
      now,
      actor: { type: "user", userId: profile.userId },
      data: {
        userId: profile.userId,
        email: profile.email,
        fullName: profile.fullName,
        locale: profile.locale,
        resetToken: await deps.sealer.seal(link.token, SEAL_PURPOSE.passwordReset),
        resetExpiresAt: link.expiresAt.toISOString(),
      },
    }),
  });
};
