import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import type { RequestMeta } from "../../../../../shared/src/http/middleware.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { PolicyExists } from "../../ports/policy-store.ts";
import { platformAudit } from "../caller.ts";
import type { PrivacyDependencies } from "../dependencies.ts";

export interface NewPolicy {
  policyId: string;
  title: string;
  required: boolean;
}

/** Platform admin: a new policy, unpublished until its first version. */
export const createPolicy = async (
  deps: PrivacyDependencies,
  auth: AuthContext,
  meta: RequestMeta,
  input: NewPolicy,
) => {
  const now = deps.now();
  try {
    await deps.policies.createPolicy(
      { ...input, currentVersion: 0, createdBy: auth.userId, createdAt: now.toISOString() },
      platformAudit(deps, auth, meta, {
        action: "policy.created",
        targetType: "policy",
        targetId: input.policyId,
        changes: { title: input.title, required: input.required },
      }),
    );
  } catch (error) {
    if (error instanceof PolicyExists) throw problem.conflict("policy_exists", "A policy with this id already exists.");
    throw error;
  }
  return { policyId: input.policyId, title: input.title, required: input.required, currentVersion: 0 };
};
