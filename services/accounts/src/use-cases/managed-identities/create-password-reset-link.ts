import { issueLink } from "../../../../../shared/src/crypto/link-token.ts";
import { SEAL_PURPOSE } from "../../../../../shared/src/crypto/secret-sealer.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { authorizeWith } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { memberNotFound } from "../members/member-problems.ts";
import { recordedChange } from "../recorded-change.ts";
import { assertIdentityManaged } from "./assert-identity-managed.ts";

/** An admin-made reset link for someone whose identity they manage; optionally emailed too. */
export const createPasswordResetLink = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  userId: string,
  send: boolean,
) => {
  const { access, target } = await authorizeWith(deps, caller.auth.userId, accountId, "members.manage", (reads) =>
    reads.memberWithProfile(accountId, userId),
  );
  if (!target.member) throw memberNotFound();
  const { identity } = await assertIdentityManaged(deps, access, userId, target);
  if (send && !identity.email) {
    throw problem.unprocessable("email_required", "This member has no email address; copy the link instead.");
  }
  const now = deps.now();
  const link = issueLink({
    now,
    ttlMs: deps.config.PASSWORD_RESET_TTL_MINUTES * 60_000,
    page: { base: deps.config.APP_BASE_URL, path: "/reset-password" },
  });
  // Emailed only on request, and only to an address the identity has.
  const emailTo = send ? identity.email : undefined;
  await deps.identities.issueResetToken({
    tokenHash: link.tokenHash,
    userId,
    expiresAt: link.expiresAtSeconds,
    ...recordedChange({
      caller,
      access,
      accountId,
      action: "member.password_reset_link_created",
      target: { type: "user", id: userId },
      changes: { emailed: send },
      now,
      events: [
        !!emailTo && {
          type: "PasswordResetRequested",
          data: {
            userId,
            email: emailTo,
            fullName: identity.fullName,
            locale: identity.locale,
            resetToken: await deps.sealer.seal(link.token, SEAL_PURPOSE.passwordReset),
            resetExpiresAt: link.expiresAt.toISOString(),
          },
        },
      ],
    }),
  });
  return { link: link.url as string, expiresAt: link.expiresAt.toISOString() };
};
