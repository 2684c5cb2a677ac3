import { issueLink } from "../../../../../shared/src/crypto/link-token.ts";
import { SEAL_PURPOSE } from "../../../../../shared/src/crypto/secret-sealer.ts";
import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { rateLimitBucket } from "../../../../../shared/src/rate-limit/fixed-window-limiter.ts";
import type { UsersDependencies } from "../dependencies.ts";

/** Issues a fresh verification link when the address is known and unverified; silent otherwise. */
export const resendVerification = async (deps: UsersDependencies, email: string) => {
  await deps.rateLimiter.consume({ bucket: rateLimitBucket("verify-resend", email), limit: 5, windowSeconds: 3600 });
  const login = await deps.store.findLogin("email", email);
  const profile = login ? await deps.store.getProfile(login.userId) : undefined;
  if (!profile?.email || profile.emailVerified) return;
  const now = deps.now();
  const link = issueLink({ now, ttlMs: deps.config.EMAIL_VERIFICATION_TTL_HOURS * 3600_000 });
  await deps.store.issueLinkToken({
    tokenHash: link.tokenHash,
    purpose: "email-verification",
    userId: profile.userId,
    expiresAt: link.expiresAtSeconds,
    event: outboxItem({
      type: "EmailVerificationRequested",
      now,
      actor: { type: "user", userId: profile.userId },
      data: {
        userId: profile.userId,
        email: profile.email,
        fullName: profile.fullName,
        locale: profile.locale,
        verificationToken: await deps.sealer.seal(link.token, SEAL_PURPOSE.emailVerification),
        verificationExpiresAt: link.expiresAt.toISOString(),
      },
    }),
  });
};
