import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { standings } from "../../domain/policies.ts";
import type { PrivacyDependencies } from "../dependencies.ts";
import { decisionView, publishedView } from "./views.ts";

/** The signed-in user's standing on every published policy. */
export const myPolicies = async (deps: PrivacyDependencies, auth: AuthContext) => {
  const [policies, decisions] = await Promise.all([
    deps.policies.listPolicies(),
    deps.policies.decisionsOf(auth.userId),
  ]);
  return {
    items: standings(policies, decisions).map((s) => ({
      ...publishedView(s.policy),
      decision: s.decision ? decisionView(s.decision) : null,
      updatedSinceDecision: s.updatedSinceDecision,
      actionRequired: s.actionRequired,
    })),
  };
};
