import type { PlatformConfig } from "../../../../shared/src/config/platform-config.ts";
import type { SecretSealer } from "../../../../shared/src/crypto/secret-sealer.ts";
import type { IdentityProvider } from "../../../../shared/src/identity/identity-provider.ts";
import type { TotpFactors } from "../../../../shared/src/mfa/totp-factors.ts";
import type { PolicyStatusReader } from "../../../../shared/src/privacy/policy-status.ts";
import type { RateLimiter } from "../../../../shared/src/rate-limit/fixed-window-limiter.ts";
import type { SecurityActivityLog } from "../ports/security-activity.ts";
import type { SessionStore } from "../ports/session-store.ts";
import type { UserStore } from "../ports/user-store.ts";

/** Where a request came from, as the security log and the session list show it. */
export interface ClientInfo {
  ip: string;
  userAgent: string;
}

/** What the users use cases need from the outside world. */
export interface UsersDependencies {
  store: UserStore;
  identity: IdentityProvider;
  sealer: SecretSealer;
  rateLimiter: RateLimiter;
  sessions: SessionStore;
  activity: SecurityActivityLog;
  totpFactors: TotpFactors;
  /** Which required policies the user still has to accept (the privacy service's contract). */
  policyStatus: PolicyStatusReader;
  config: Pick<
    PlatformConfig,
    | "EMAIL_VERIFICATION_TTL_HOURS"
    | "PASSWORD_RESET_TTL_MINUTES"
    | "SIGN_IN_ATTEMPTS_PER_15_MIN"
    | "PASSWORD_RESETS_PER_HOUR"
  >;
  now: () => Date;
  /** The issuer shown in authenticator apps. */
  totpIssuer: string;
  newId: () => string;
}
