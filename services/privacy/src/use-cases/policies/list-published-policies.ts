import { isPublished } from "../../domain/policies.ts";
import type { PrivacyDependencies } from "../dependencies.ts";
import { publishedView } from "./views.ts";

/** Public: every published policy with its current version. */
export const listPublishedPolicies = async (deps: PrivacyDependencies) => ({
  items: (await deps.policies.listPolicies()).filter(isPublished).map(publishedView),
});
