import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import type { UsersDependencies } from "../dependencies.ts";

export const alreadyOn = () =>
  problem.conflict("mfa_already_enabled", "Two-factor sign-in is already on; turn it off first.");
export const invalidCode = () =>
  problem.forbidden("mfa_invalid", "The authenticator code is wrong, expired or already used; wait for the next one.");

/** Tells the user by email (en/ru/pl) that two-factor sign-in changed: a security notice. */
export const noticeTwoFactorChanged = async (deps: UsersDependencies, userId: string, enabled: boolean) => {
  const profile = await deps.store.getProfile(userId);
  if (!profile?.email) return;
  await deps.store.appendEvent(
    outboxItem({
      type: "TwoFactorChanged",
      now: deps.now(),
      actor: { type: "user", userId },
      data: { userId, email: profile.email, fullName: profile.fullName, locale: profile.locale, enabled },
    }),
  );
};
