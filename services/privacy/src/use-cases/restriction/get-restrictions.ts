import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import type { PrivacyDependencies } from "../dependencies.ts";
import { restrictionsView } from "./restrictions-view.ts";

export const getRestrictions = (deps: PrivacyDependencies, auth: AuthContext) => restrictionsView(deps, auth.userId);
