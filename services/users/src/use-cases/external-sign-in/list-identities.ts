import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import type { UsersDependencies } from "../dependencies.ts";

export const listIdentities = async (deps: UsersDependencies, auth: AuthContext) => ({
  items: await deps.externalIdentities.list(auth.userId),
});
