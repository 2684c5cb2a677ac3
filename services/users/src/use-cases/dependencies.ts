import type { PlatformConfig } from "../../../../shared/src/config/platform-config.ts";
import type { SecretSealer } from "../../../../shared/src/crypto/secret-sealer.ts";
import type { IdentityProvider } from "../../../../shared/src/identity/identity-provider.ts";
import type { PolicyStatusReader } from "../../../../shared/src/privacy/policy-status.ts";
import type { RateLimiter } from "../../../../shared/src/rate-limit/fixed-window-limiter.ts";
import type { AvatarRecords } from "../ports/avatar-records.ts";
import type { AvatarStorage } from "../ports/avatar-storage.ts";
import type { UserStore } from "../ports/user-store.ts";

/** What the users use cases need from the outside world. */
export interface UsersDependencies {
  store: UserStore;
  identity: IdentityProvider;
  sealer: SecretSealer;
  rateLimiter: RateLimiter;
  avatarStorage: AvatarStorage;
  avatarRecords: AvatarRecords;
  /** Which required policies the user still has to accept (the privacy service's contract). */
  policyStatus: PolicyStatusReader;
  config: Pick<
    PlatformConfig,
    | "EMAIL_VERIFICATION_TTL_HOURS"
    | "PASSWORD_RESET_TTL_MINUTES"
    | "SIGN_IN_ATTEMPTS_PER_15_MIN"
    | "PASSWORD_RESETS_PER_HOUR"
    | "AVATAR_PUBLIC_BASE_URL"
  >;
  now: () => Date;
  newId: () => string;
}
