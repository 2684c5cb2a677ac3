/** A policy as the platform stores it; `currentVersion` is 0 until a version is published. */
export interface Policy {
  policyId: string;
  title: string;
  required: boolean;
  currentVersion: number;
  summary?: string;
  url?: string;
  publishedAt?: string;
}

export interface PolicyVersion {
  policyId: string;
  version: number;
  summary: string;
  url?: string;
  body?: string;
  publishedBy: string;
  publishedAt: string;
}

export type DecisionValue = "accept" | "decline";

export interface Decision {
  userId: string;
  policyId: string;
  decisionId: string;
  version: number;
  decision: DecisionValue;
  decidedAt: string;
  ip?: string;
  userAgent?: string;
}

export const isPublished = (policy: Policy) => policy.currentVersion > 0;

/** Where a user stands on one policy. */
export interface PolicyStanding {
  policy: Policy;
  decision: Decision | undefined;
  /** The user decided on an older version than the current one. */
  updatedSinceDecision: boolean;
  /** A required policy whose current version the user has not accepted. */
  actionRequired: boolean;
}

/** Each published policy with the user's current decision on it. */
export const standings = (policies: Policy[], decisions: Decision[]): PolicyStanding[] => {
  const byPolicy = new Map(decisions.map((d) => [d.policyId, d]));
  return policies.filter(isPublished).map((policy) => {
    const decision = byPolicy.get(policy.policyId);
    const acceptedCurrent = decision?.decision === "accept" && decision.version >= policy.currentVersion;
    return {
      policy,
      decision,
      updatedSinceDecision: decision !== undefined && decision.version < policy.currentVersion,
      actionRequired: policy.required && !acceptedCurrent,
    };
  });
};

/** A policy id: lower-case slug, e.g. `privacy-policy`, `terms`, `marketing-consent`. */
export const POLICY_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
