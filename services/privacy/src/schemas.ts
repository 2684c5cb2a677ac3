import * as z from "zod";
import { onFirstUse } from "../../../shared/src/cold-start/on-first-use.ts";
import { nameSchema } from "../../../shared/src/http/name-schema.ts";
import { pageOf, paginationQuery } from "../../../shared/src/http/schemas.ts";
import { POLICY_ID_PATTERN } from "./domain/policies.ts";

// Each schema is built on first use (`LazySchema`, shared/src/http/route.ts): a cold start builds only
// the request schemas of the route it serves; response schemas are built by the OpenAPI generator alone.

export const policyId = onFirstUse(() =>
  z.string().regex(POLICY_ID_PATTERN, "a lower-case slug such as privacy-policy"),
);
export const policyParams = onFirstUse(() => z.strictObject({ policyId: policyId() }));
export { paginationQuery };

export const createPolicyRequest = onFirstUse(() =>
  z
    .strictObject({
      policyId: policyId(),
      title: nameSchema(),
      required: z.boolean(),
    })
    .meta({ id: "CreatePolicyRequest" }),
);
export const createdPolicyResponse = onFirstUse(() =>
  z.object({
    policyId: z.string(),
    title: z.string(),
    required: z.boolean(),
    currentVersion: z.number().int(),
  }),
);

export const publishVersionRequest = onFirstUse(() =>
  z
    .strictObject({
      summary: z.string().trim().min(1).max(2000),
      url: z
        .url({ protocol: /^https?$/ })
        .max(2048)
        .optional(),
      body: z.string().min(1).max(50_000).optional(),
    })
    .meta({ id: "PublishPolicyVersionRequest" }),
);
export const publishedVersionResponse = onFirstUse(() =>
  z.object({
    policyId: z.string(),
    version: z.number().int(),
    summary: z.string(),
    url: z.string().nullable(),
    publishedAt: z.string(),
  }),
);

const publishedPolicy = onFirstUse(() =>
  z
    .object({
      policyId: z.string(),
      title: z.string(),
      required: z.boolean(),
      version: z.number().int().describe("The current version"),
      summary: z.string(),
      url: z.string().nullable(),
      publishedAt: z.string().nullable(),
    })
    .meta({ id: "Policy" }),
);
export const policiesResponse = onFirstUse(() => z.object({ items: z.array(publishedPolicy()) }));
export const policyResponse = onFirstUse(() => publishedPolicy().extend({ body: z.string().nullable() }));

const decisionValue = onFirstUse(() => z.enum(["accept", "decline"]));
const decision = onFirstUse(() =>
  z.object({ version: z.number().int(), decision: decisionValue(), decidedAt: z.string() }),
);
export const myPoliciesResponse = onFirstUse(() =>
  z.object({
    items: z.array(
      publishedPolicy().extend({
        decision: decision().nullable(),
        updatedSinceDecision: z.boolean(),
        actionRequired: z.boolean().describe("Required and its current version not accepted"),
      }),
    ),
  }),
);
export const decisionRequest = onFirstUse(() =>
  z
    .strictObject({ version: z.number().int().positive(), decision: decisionValue() })
    .meta({ id: "PolicyDecisionRequest" }),
);
export const decisionResponse = onFirstUse(() => decision().extend({ policyId: z.string() }));
export const decisionHistoryResponse = pageOf(() =>
  decision().extend({ ip: z.string().nullable(), userAgent: z.string().nullable() }),
);

export const exportQueuedResponse = onFirstUse(() => z.object({ requestId: z.string(), status: z.literal("queued") }));
export const erasureScheduledResponse = onFirstUse(() =>
  z.object({
    requestId: z.string(),
    status: z.enum(["scheduled", "blocked"]),
    scheduledFor: z.string(),
    blockedReason: z.string().nullable(),
    blockingAccountIds: z.array(z.string()),
  }),
);

const requestStatus = onFirstUse(() =>
  z.enum(["queued", "sent", "failed", "scheduled", "blocked", "erasing", "completed", "cancelled"]),
);
const restrictionScope = onFirstUse(() => z.enum(["marketing", "processing"]));
export const privacyRequestView = onFirstUse(() =>
  z
    .object({
      requestId: z.string(),
      kind: z.enum(["export", "erasure", "restriction"]),
      status: requestStatus(),
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
      scope: restrictionScope().nullable(),
      action: z.enum(["apply", "lift"]).nullable(),
    })
    .meta({ id: "PrivacyRequest" }),
);
export const myRequestsResponse = pageOf(privacyRequestView);
export const platformRequestsResponse = pageOf(() =>
  privacyRequestView().extend({
    userId: z.string(),
    overdue: z.boolean(),
    attempts: z.number().int(),
    sesMessageId: z.string().nullable(),
    possibleDuplicate: z.boolean(),
    awaitingServices: z.array(z.string()),
    confirmedServices: z.array(z.string()),
  }),
);

export const restrictionRequest = onFirstUse(() =>
  z.strictObject({ scope: restrictionScope() }).meta({ id: "RestrictionRequest" }),
);
export const restrictionsResponse = onFirstUse(() =>
  z.object({
    restrictions: z.array(z.object({ scope: restrictionScope(), since: z.string() })),
  }),
);
