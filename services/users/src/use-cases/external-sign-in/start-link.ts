import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { providerOf, startAttempt } from "./authorization-attempts.ts";

export const startLink = async (deps: UsersDependencies, auth: AuthContext, providerId: string) =>
  startAttempt(deps, providerOf(deps, providerId), "link", auth.userId);
