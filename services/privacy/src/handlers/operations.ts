import type { Operations } from "../../../../shared/src/http/service-handler.ts";
import type { privacyRoutes } from "../routes.ts";
import type { PrivacyDependencies } from "../use-cases/dependencies.ts";
import { cancelErasure, requestErasure } from "../use-cases/erasure.ts";
import { requestExport } from "../use-cases/exports.ts";
import {
  createPolicy,
  decide,
  decisionHistory,
  getPublishedPolicy,
  listPublishedPolicies,
  myPolicies,
  publishVersion,
} from "../use-cases/policies.ts";
import { myRequests, platformRequests } from "../use-cases/requests.ts";
import { changeRestriction, getRestrictions } from "../use-cases/restriction.ts";

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
