import type { Operations } from "../../../../shared/src/http/service-handler.ts";
import type { privacyRoutes } from "../routes.ts";
import type { PrivacyDependencies } from "../use-cases/dependencies.ts";
import { cancelErasure } from "../use-cases/erasure/cancel-erasure.ts";
import { requestErasure } from "../use-cases/erasure/request-erasure.ts";
import { requestExport } from "../use-cases/exports/request-export.ts";
import { createPolicy } from "../use-cases/policies/create-policy.ts";
import { decide } from "../use-cases/policies/decide.ts";
import { decisionHistory } from "../use-cases/policies/decision-history.ts";
import { getPublishedPolicy } from "../use-cases/policies/get-published-policy.ts";
import { listPublishedPolicies } from "../use-cases/policies/list-published-policies.ts";
import { myPolicies } from "../use-cases/policies/my-policies.ts";
import { publishVersion } from "../use-cases/policies/publish-version.ts";
import { myRequests } from "../use-cases/requests/my-requests.ts";
import { platformRequests } from "../use-cases/requests/platform-requests.ts";
import { changeRestriction } from "../use-cases/restriction/change-restriction.ts";
import { getRestrictions } from "../use-cases/restriction/get-restrictions.ts";

/** HTTP edge of the privacy service: each operation maps a validated request onto a use case. */
export const privacyOperations = (deps: PrivacyDependencies): Operations<typeof privacyRoutes> => ({
  listPolicies: async () => ({ body: await listPublishedPolicies(deps) }),
  getPolicy: async ({ params }) => ({ body: await getPublishedPolicy(deps, params.policyId) }),
  listMyPolicies: async ({ auth }) => ({ body: await myPolicies(deps, auth) }),
  decidePolicy: async ({ auth, meta, params, body }) => ({
    body: await decide(deps, auth, meta, params.policyId, body),
  }),
  listPolicyDecisions: async ({ auth, params, query }) => ({
    body: await decisionHistory(deps, auth, params.policyId, query),
  }),
  requestDataExport: async ({ auth }) => ({ body: await requestExport(deps, auth) }),
  listMyPrivacyRequests: async ({ auth, query }) => ({ body: await myRequests(deps, auth, query) }),
  requestErasure: async ({ auth }) => ({ body: await requestErasure(deps, auth) }),
  cancelErasure: async ({ auth }) => ({ body: await cancelErasure(deps, auth) }),
  getRestrictions: async ({ auth }) => ({ body: await getRestrictions(deps, auth) }),
  restrictProcessing: async ({ auth, body }) => ({ body: await changeRestriction(deps, auth, body.scope, true) }),
  liftRestriction: async ({ auth, body }) => ({ body: await changeRestriction(deps, auth, body.scope, false) }),
  createPolicy: async ({ auth, meta, body }) => ({ body: await createPolicy(deps, auth, meta, body) }),
  publishPolicyVersion: async ({ auth, meta, params, body }) => ({
    body: await publishVersion(deps, auth, meta, params.policyId, body),
  }),
  listPlatformPrivacyRequests: async ({ auth, meta, query }) => ({
    body: await platformRequests(deps, auth, meta, query),
  }),
});
