import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import type { PrivacyDependencies } from "../dependencies.ts";
import { decisionView, policyNotFound } from "./views.ts";

/** Every decision the user made on one policy, newest first. */
export const decisionHistory = async (
  deps: PrivacyDependencies,
  auth: AuthContext,
  policyId: string,
  page: { limit: number; cursor?: string },
) => {
  const [policy, history] = await Promise.all([
    deps.policies.getPolicy(policyId),
    deps.policies.historyOf(auth.userId, policyId, page),
  ]);
  if (!policy) throw policyNotFound();
  return {
    items: history.items.map((d) => ({ ...decisionView(d), ip: d.ip ?? null, userAgent: d.userAgent ?? null })),
    nextCursor: history.nextCursor,
  };
};
