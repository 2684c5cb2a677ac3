import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import type { UserProfile } from "../../ports/user-store.ts";
import type { UsersDependencies } from "../dependencies.ts";

export const alreadyOn = () =>
  problem.conflict("mfa_already_enabled", "Two-factor sign-in is already on; turn it off first.");
export const notOn = () => problem.conflict("mfa_not_enabled", "Two-factor sign-in is not on.");
export const invalidCode = () =>
  problem.forbidden("mfa_invalid", "The authenticator code is wrong, expired or already used; wait for the next one.");

/** The email (en/ru/pl) telling the user that two-factor sign-in changed: a security notice; none without an address. */
export const twoFactorNotice = (deps: UsersDependencies, profile: UserProfile | undefined, enabled: boolean) =>
  profile?.email
    ? outboxItem({
        type: "TwoFactorChanged",
        now: deps.now(),
        actor: { type: "user", userId: profile.userId },
        data: {
          userId: profile.userId,
          email: profile.email,
          fullName: profile.fullName,
          locale: profile.locale,
          enabled,
        },
      })
    : undefined;
