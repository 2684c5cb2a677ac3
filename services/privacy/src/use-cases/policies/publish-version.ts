import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import type { RequestMeta } from "../../../../../shared/src/http/middleware.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { PolicyChanged } from "../../ports/policy-store.ts";
import { platformAudit } from "../caller.ts";
import type { PrivacyDependencies } from "../dependencies.ts";
import { policyNotFound } from "./views.ts";

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
