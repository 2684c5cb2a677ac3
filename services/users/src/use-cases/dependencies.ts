import type { PlatformConfig } from "../../../../shared/src/config/platform-config.ts";
import type { SecretSealer } from "../../../../shared/src/crypto/secret-sealer.ts";
import type { IdentityProvider } from "../../../../shared/src/identity/identity-provider.ts";
import type { TotpFactors } from "../../../../shared/src/mfa/totp-factors.ts";
import type { BusinessMetrics } from "../../../../shared/src/observability/business-metrics.ts";
import type { PolicyStatusReader } from "../../../../shared/src/privacy/policy-status.ts";
import type { RateLimiter } from "../../../../shared/src/rate-limit/fixed-window-limiter.ts";
import type { Lockout } from "../../../../shared/src/rate-limit/progressive-lockout.ts";
import type { AvatarRecords } from "../ports/avatar-records.ts";
import type { AvatarStorage } from "../ports/avatar-storage.ts";
import type { ExternalIdentityStore } from "../ports/external-identities.ts";
import type { IdentityChangeStore } from "../ports/identity-change-store.ts";
import type { MachineClients } from "../ports/machine-clients.ts";
import type { OpenIdProviders } from "../ports/openid-providers.ts";
import type { PhoneStore } from "../ports/phone-store.ts";
import type { SecurityActivityLog } from "../ports/security-activity.ts";
import type { SessionStore } from "../ports/session-store.ts";
import type { TwoFactorChanges } from "../ports/two-factor-changes.ts";
import type { UserStore } from "../ports/user-store.ts";

/** Where a request came from, as the security log and the session list show it. */
export interface ClientInfo {
  ip: string;
  userAgent: string;
}

/** What the users use cases need from the outside world. */
export interface UsersDependencies {
  store: UserStore;
  phones: PhoneStore;
  /** Identity changes made by provider support. */
  identityChanges: IdentityChangeStore;
  identity: IdentityProvider;
  /** The provider's apps' OAuth clients (Cognito app clients with the client-credentials grant). */
  machineClients: MachineClients;
  sealer: SecretSealer;
  rateLimiter: RateLimiter;
  /** Progressive lockout of a username after attempts without a success. */
  signInLockout: Lockout;
  sessions: SessionStore;
  activity: SecurityActivityLog;
  totpFactors: TotpFactors;
  /** Turning TOTP on and off, each with its log entry and notice. */
  twoFactor: TwoFactorChanges;
  avatarStorage: AvatarStorage;
  avatarRecords: AvatarRecords;
  /** External sign-in identities, authorization attempts and custom-auth proofs. */
  externalIdentities: ExternalIdentityStore;
  /** The stage's OpenID Connect providers (relying-party side). */
  openIdProviders: OpenIdProviders;
  /** Which required policies the user still has to accept (the privacy service's contract). */
  policyStatus: PolicyStatusReader;
  config: Pick<
    PlatformConfig,
    | "EMAIL_VERIFICATION_TTL_HOURS"
    | "PASSWORD_RESET_TTL_MINUTES"
    | "PASSWORD_RESETS_PER_HOUR"
    | "PHONE_CODE_TTL_SECONDS"
    | "PHONE_CODE_RESEND_SECONDS"
    | "PHONE_CODES_PER_USER_PER_HOUR"
    | "PHONE_CODES_PER_NUMBER_PER_DAY"
    | "AVATAR_PUBLIC_BASE_URL"
    | "MACHINE_TOKEN_URL"
  >;
  /** Business events: sign-ups. */
  metrics: BusinessMetrics;
  now: () => Date;
  /** The issuer shown in authenticator apps. */
  totpIssuer: string;
  newId: () => string;
}
