import { problem } from "../../../../../shared/src/http/problem.ts";
import type { Decision, Policy } from "../../domain/policies.ts";

export const policyNotFound = () => problem.notFound("No such policy.");

export const publishedView = (policy: Policy) => ({
  policyId: policy.policyId,
  title: policy.title,
  required: policy.required,
  version: policy.currentVersion,
  summary: policy.summary ?? "",
  url: policy.url ?? null,
  publishedAt: policy.publishedAt ?? null,
});

export const decisionView = (decision: Decision) => ({
  version: decision.version,
  decision: decision.decision,
  decidedAt: decision.decidedAt,
});
