import type { AuthContext } from "../../../../shared/src/auth/auth-context.ts";
import type { SecretSealer } from "../../../../shared/src/crypto/secret-sealer.ts";
import type { RequestMeta } from "../../../../shared/src/http/middleware.ts";
import type { IdentityProvider } from "../../../../shared/src/identity/identity-provider.ts";
import type { AccountsStore } from "../adapters/table-accounts-store.ts";
import type { IdentityStore } from "../adapters/table-identity-store.ts";

/** What the accounts use cases need from the outside world. */
export interface AccountsDependencies {
  store: AccountsStore;
  identities: IdentityStore;
  identity: IdentityProvider;
  sealer: SecretSealer;
  config: { APP_BASE_URL: string; PASSWORD_RESET_TTL_MINUTES: number };
  now: () => Date;
  newId: () => string;
}

/** Who is asking and from where: every use case audits with it. */
export interface Caller {
  auth: AuthContext;
  meta: RequestMeta;
}
