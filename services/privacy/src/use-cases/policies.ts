import type { AuthContext } from "../../../../shared/src/auth/auth-context.ts";
import { outboxItem } from "../../../../shared/src/events/outbox.ts";
import type { RequestMeta } from "../../../../shared/src/http/middleware.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import { type Decision, type DecisionValue, isPublished, type Policy, standings } from "../domain/policies.ts";
import { PolicyChanged, PolicyExists } from "../ports/policy-store.ts";
import { platformAudit, requireUser } from "./caller.ts";
import type { PrivacyDependencies } from "./dependencies.ts";

const policyNotFound = () => problem.notFound("No such policy.");

const publishedView = (policy: Policy) => ({
  policyId: policy.policyId,
  title: policy.title,
  required: policy.required,
  version: policy.currentVersion,
  summary: policy.summary ?? "",
  url: policy.url ?? null,
  publishedAt: policy.publishedAt ?? null,
});

const decisionView = (decision: Decision) => ({
  version: decision.version,
  decision: decision.decision,
  decidedAt: decision.decidedAt,
});

/** Public: every published policy with its current version. */
export const listPublishedPolicies = async (deps: PrivacyDependencies) => ({
  items: (await deps.policies.listPolicies()).filter(isPublished).map(publishedView),
});

/** Public: one published policy with the full text of its current version. */
export const getPublishedPolicy = async (deps: PrivacyDependencies, policyId: string) => {
  const policy = await deps.policies.getPolicy(policyId);
  if (!policy || !isPublished(policy)) throw policyNotFound();
  const version = await deps.policies.getVersion(policyId, policy.currentVersion);
  return { ...publishedView(policy), body: version?.body ?? null };
};

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

export interface NewVersion {
  summary: string;
  url?: string;
  body?: string;
}

/**
 * Platform admin: publishes the next version. The policy's version number moves by a
 * conditional write (a concurrent publish makes us read again); when anyone decided on an earlier
 * version, the job then tells them, a bounded page at a time.
 */
export const publishVersion = async (
  deps: PrivacyDependencies,
  auth: AuthContext,
  meta: RequestMeta,
  policyId: string,
  input: NewVersion,
) => {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const policy = await deps.policies.getPolicy(policyId);
    if (!policy) throw policyNotFound();
    const now = deps.now();
    const version = {
      policyId,
      version: policy.currentVersion + 1,
      summary: input.summary,
      ...(input.url ? { url: input.url } : {}),
      ...(input.body ? { body: input.body } : {}),
      publishedBy: auth.userId,
      publishedAt: now.toISOString(),
    };
    try {
      await deps.policies.publishVersion({
        policy,
        version,
        event: outboxItem({
          type: "PolicyVersionPublished",
          now,
          actor: { type: "platform-admin", userId: auth.userId },
          data: {
            policyId,
            title: policy.title,
            version: version.version,
            required: policy.required,
            summary: input.summary,
            ...(input.url ? { url: input.url } : {}),
          },
        }),
        audit: platformAudit(
          deps,
          auth,
          meta,
          {
            action: "policy.version_published",
            targetType: "policy",
            targetId: policyId,
            changes: { version: version.version, summary: input.summary, url: input.url ?? null },
          },
          now,
        ),
        ...(policy.currentVersion > 0 ? { notice: { dueAt: now.toISOString() } } : {}),
      });
      return {
        policyId,
        version: version.version,
        summary: input.summary,
        url: input.url ?? null,
        publishedAt: version.publishedAt,
      };
    } catch (error) {
      if (!(error instanceof PolicyChanged)) throw error;
    }
  }
  throw problem.conflict("policy_changed", "Other versions were being published at the same time; try again.");
};

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
