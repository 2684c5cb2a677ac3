import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import type { RequestMeta } from "../../../../../shared/src/http/middleware.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { type Decision, type DecisionValue, isPublished } from "../../domain/policies.ts";
import { requireUser } from "../caller.ts";
import type { PrivacyDependencies } from "../dependencies.ts";
import { decisionView, policyNotFound } from "./views.ts";

/** Accept or decline the current version; the decision is appended to the user's history. */
export const decide = async (
  deps: PrivacyDependencies,
  auth: AuthContext,
  meta: RequestMeta,
  policyId: string,
  input: { version: number; decision: DecisionValue },
) => {
  const [policy] = await Promise.all([deps.policies.getPolicy(policyId), requireUser(deps, auth)]);
  if (!policy || !isPublished(policy)) throw policyNotFound();
  if (input.version !== policy.currentVersion) {
    throw problem.conflict(
      "policy_version_outdated",
      `Version ${input.version} is not the current version of this policy (${policy.currentVersion}); read it again.`,
    );
  }
  const now = deps.now();
  const decision: Decision = {
    userId: auth.userId,
    policyId,
    decisionId: deps.newId(),
    version: input.version,
    decision: input.decision,
    decidedAt: now.toISOString(),
    ip: meta.ip,
    userAgent: meta.userAgent.slice(0, 512),
  };
  await deps.policies.recordDecision(
    decision,
    outboxItem({
      type: "PolicyDecisionRecorded",
      now,
      actor: { type: "user", userId: auth.userId },
      data: { userId: auth.userId, policyId, version: input.version, decision: input.decision },
    }),
  );
  return { policyId, ...decisionView(decision) };
};
