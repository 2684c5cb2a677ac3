import * as z from "zod";
import { nameSchema } from "../../../shared/src/http/name-schema.ts";
import { pageOf, paginationQuery } from "../../../shared/src/http/schemas.ts";
import { POLICY_ID_PATTERN } from "./domain/policies.ts";

export const policyId = z.string().regex(POLICY_ID_PATTERN, "a lower-case slug such as privacy-policy");
export const policyParams = z.strictObject({ policyId });
export { paginationQuery };

export const createPolicyRequest = z
  .strictObject({
    policyId,
    title: nameSchema(),
    required: z.boolean(),
  })
  .meta({ id: "CreatePolicyRequest" });
export const createdPolicyResponse = z.object({
  policyId: z.string(),
  title: z.string(),
  required: z.boolean(),
  currentVersion: z.number().int(),
});

export const publishVersionRequest = z
  .strictObject({
    summary: z.string().trim().min(1).max(2000),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional(),
    body: z.string().min(1).max(50_000).optional(),
  })
  .meta({ id: "PublishPolicyVersionRequest" });
export const publishedVersionResponse = z.object({
  policyId: z.string(),
  version: z.number().int(),
  summary: z.string(),
  url: z.string().nullable(),
  publishedAt: z.string(),
});

const publishedPolicy = z
  .object({
    policyId: z.string(),
    title: z.string(),
    required: z.boolean(),
    version: z.number().int().describe("The current version"),
    summary: z.string(),
    url: z.string().nullable(),
    publishedAt: z.string().nullable(),
  })
  .meta({ id: "Policy" });
export const policiesResponse = z.object({ items: z.array(publishedPolicy) });
export const policyResponse = publishedPolicy.extend({ body: z.string().nullable() });

const decisionValue = z.enum(["accept", "decline"]);
const decision = z.object({ version: z.number().int(), decision: decisionValue, decidedAt: z.string() });
export const myPoliciesResponse = z.object({
  items: z.array(
    publishedPolicy.extend({
      decision: decision.nullable(),
      updatedSinceDecision: z.boolean(),
      actionRequired: z.boolean().describe("Required and its current version not accepted"),
    }),
  ),
});
export const decisionRequest = z
  .strictObject({ version: z.number().int().positive(), decision: decisionValue })
  .meta({ id: "PolicyDecisionRequest" });
export const decisionResponse = decision.extend({ policyId: z.string() });
export const decisionHistoryResponse = pageOf(
  decision.extend({ ip: z.string().nullable(), userAgent: z.string().nullable() }),
);

export const exportQueuedResponse = z.object({ requestId: z.string(), status: z.literal("queued") });
export const erasureScheduledResponse = z.object({
  requestId: z.string(),
  status: z.enum(["scheduled", "blocked"]),
  scheduledFor: z.string(),
  blockedReason: z.string().nullable(),
  blockingAccountIds: z.array(z.string()),
});

const requestStatus = z.enum(["queued", "sent", "failed", "scheduled", "blocked", "erasing", "completed", "cancelled"]);
const restrictionScope = z.enum(["marketing", "processing"]);
export const privacyRequestView = z
  .object({
    requestId: z.string(),
    kind: z.enum(["export", "erasure", "restriction"]),
    status: requestStatus,
    createdAt: z.string(),
    updatedAt: z.string(),
    legalDeadline: z.string().describe("One month after the request was received"),
    scheduledFor: z.string().nullable(),
    sentAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    blockedReason: z.string().nullable(),
    blockingAccountIds: z.array(z.string()),
    failureReason: z.string().nullable(),
    scope: restrictionScope.nullable(),
    action: z.enum(["apply", "lift"]).nullable(),
  })
  .meta({ id: "PrivacyRequest" });
export const myRequestsResponse = pageOf(privacyRequestView);
export const platformRequestsResponse = pageOf(
  privacyRequestView.extend({
    userId: z.string(),
    overdue: z.boolean(),
    attempts: z.number().int(),
    sesMessageId: z.string().nullable(),
    possibleDuplicate: z.boolean(),
    awaitingServices: z.array(z.string()),
    confirmedServices: z.array(z.string()),
  }),
);

export const restrictionRequest = z.strictObject({ scope: restrictionScope }).meta({ id: "RestrictionRequest" });
export const restrictionsResponse = z.object({
  restrictions: z.array(z.object({ scope: restrictionScope, since: z.string() })),
});
