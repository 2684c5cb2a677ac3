import type { PolicyStatusReader } from "../../../../shared/src/privacy/policy-status.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import { tablePolicyStore } from "../adapters/table-policy-store.ts";
import { standings } from "../domain/policies.ts";

/**
 * The privacy service's read-only contract for `GET /v1/me` (bundled into the users function):
 * the required policies whose current version the user has not accepted.
 */
export const privacyPolicyStatus = (table: TableService): PolicyStatusReader => {
  const store = tablePolicyStore(table);
  return {
    async pendingRequired(userId) {
      const [policies, decisions] = await Promise.all([store.listPolicies(), store.decisionsOf(userId)]);
      return standings(policies, decisions)
        .filter((standing) => standing.actionRequired)
        .map(({ policy }) => ({ policyId: policy.policyId, title: policy.title, version: policy.currentVersion }));
    },
  };
};
