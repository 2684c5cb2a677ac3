import type { AccessTokenVerifier } from "../../../../shared/src/auth/access-token-verifier.ts";
import type { AuthContext } from "../../../../shared/src/auth/auth-context.ts";
import type { PlatformConfig } from "../../../../shared/src/config/platform-config.ts";
import type { SecretSealer } from "../../../../shared/src/crypto/secret-sealer.ts";
import type { RequestMeta } from "../../../../shared/src/http/middleware.ts";
import type { IdentityProvider } from "../../../../shared/src/identity/identity-provider.ts";
import type { BusinessMetrics } from "../../../../shared/src/observability/business-metrics.ts";
import type { RateLimiter } from "../../../../shared/src/rate-limit/fixed-window-limiter.ts";
import type { AccessFacts } from "../ports/access-facts.ts";
import type { AccountStore } from "../ports/account-store.ts";
import type { HierarchyStore } from "../ports/hierarchy-store.ts";
import type { IdentityDirectory } from "../ports/identity-directory.ts";
import type { InvitationStore } from "../ports/invitation-store.ts";
import type { MemberStore } from "../ports/member-store.ts";
import type { ResourceStore } from "../ports/resource-store.ts";
import type { SupportAudit } from "../ports/support-audit.ts";

/** What the accounts use cases need from the outside world. */
export interface AccountsDependencies {
  accounts: AccountStore;
  members: MemberStore;
  resources: ResourceStore;
  hierarchy: HierarchyStore;
  /** The access resolver's reads, one round trip per step. */
  access: AccessFacts;
  identities: IdentityDirectory;
  invitations: InvitationStore;
  /** Audit entries for provider support's changes to a user, from the users service's event. */
  supportAudit: SupportAudit;
  rateLimiter: RateLimiter;
  /** Verifies an optional bearer token on public routes (accepting an invitation as an existing user). */
  verifyAccessToken: AccessTokenVerifier;
  identity: IdentityProvider;
  sealer: SecretSealer;
  config: Pick<
    PlatformConfig,
    | "APP_BASE_URL"
    | "PASSWORD_RESET_TTL_MINUTES"
    | "INVITATION_TTL_DAYS"
    | "INVITATIONS_PER_ACCOUNT_PER_HOUR"
    | "INVITATIONS_PER_INVITER_PER_HOUR"
    | "AVATAR_PUBLIC_BASE_URL"
  >;
  /** Business events: invitations accepted. */
  metrics: BusinessMetrics;
  now: () => Date;
  newId: () => string;
}

/** Who is asking and from where: every use case audits with it. */
export interface Caller {
  auth: AuthContext;
  meta: RequestMeta;
}
