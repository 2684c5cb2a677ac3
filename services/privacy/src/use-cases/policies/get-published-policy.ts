import { isPublished } from "../../domain/policies.ts";
import type { PrivacyDependencies } from "../dependencies.ts";
import { policyNotFound, publishedView } from "./views.ts";

/** Public: one published policy with the full text of its current version. */
export const getPublishedPolicy = async (deps: PrivacyDependencies, policyId: string) => {
  const policy = await deps.policies.getPolicy(policyId);
  if (!policy || !isPublished(policy)) throw policyNotFound();
  const version = await deps.policies.getVersion(policyId, policy.currentVersion);
  return { ...publishedView(policy), body: version?.body ?? null };
};
