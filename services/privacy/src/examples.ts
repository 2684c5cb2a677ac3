import type { OperationExamples } from "../../../shared/src/http/operation-examples.ts";
import type { privacyRoutes } from "./routes.ts";

const userId = "01JD5Q8Z2V7K3M4N5P6Q7R8S9T";
const policy = {
  policyId: "privacy-policy",
  title: "Privacy policy",
  required: true,
  version: 3,
  summary: "We now name our email provider as a processor.",
  url: "https://tenantry.example.com/privacy/v3",
  publishedAt: "2026-11-20T12:00:00.000Z",
};
const exportRequest = {
  requestId: "01JD5QE7F8G9H0J1K2M3N4P5Q6",
  kind: "export" as const,
  status: "sent" as const,
  createdAt: "2026-11-22T10:00:00.000Z",
  updatedAt: "2026-11-22T10:05:00.000Z",
  legalDeadline: "2026-12-22T10:00:00.000Z",
  scheduledFor: null,
  sentAt: "2026-11-22T10:05:00.000Z",
  completedAt: "2026-11-22T10:05:00.000Z",
  cancelledAt: null,
  blockedReason: null,
  blockingAccountIds: [],
  failureReason: null,
  scope: null,
  action: null,
};
const marketingRestricted = { restrictions: [{ scope: "marketing" as const, since: "2026-11-22T10:00:00.000Z" }] };

/** Example requests and responses of the privacy service's operations (published in /openapi.json). */
export const privacyExamples: OperationExamples<typeof privacyRoutes> = {
  listPolicies: { response: { items: [policy] } },
  getPolicy: { response: { ...policy, body: "# Privacy policy\n\nWho we are, what we hold about you and why..." } },
  listMyPolicies: {
    response: {
      items: [
        {
          ...policy,
          decision: { version: 2, decision: "accept", decidedAt: "2026-06-01T09:00:00.000Z" },
          updatedSinceDecision: true,
          actionRequired: true,
        },
      ],
    },
  },
  decidePolicy: {
    request: { version: 3, decision: "accept" },
    response: { policyId: "privacy-policy", version: 3, decision: "accept", decidedAt: "2026-11-22T10:00:00.000Z" },
  },
  listPolicyDecisions: {
    response: {
      items: [
        {
          version: 3,
          decision: "accept",
          decidedAt: "2026-11-22T10:00:00.000Z",
          ip: "203.0.113.7",
          userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
        },
      ],
      nextCursor: null,
    },
  },
  requestDataExport: { response: { requestId: "01JD5QE7F8G9H0J1K2M3N4P5Q6", status: "queued" } },
  listMyPrivacyRequests: { response: { items: [exportRequest], nextCursor: null } },
  requestErasure: {
    response: {
      requestId: "01JD5QG3H4J5K6M7N8P9Q0R1S2",
      status: "scheduled",
      scheduledFor: "2026-12-22T10:00:00.000Z",
      blockedReason: null,
      blockingAccountIds: [],
    },
  },
  getRestrictions: { response: marketingRestricted },
  restrictProcessing: { request: { scope: "marketing" }, response: marketingRestricted },
  liftRestriction: { request: { scope: "marketing" }, response: { restrictions: [] } },
  createPolicy: {
    request: { policyId: "marketing-consent", title: "Marketing consent", required: false },
    response: { policyId: "marketing-consent", title: "Marketing consent", required: false, currentVersion: 0 },
  },
  publishPolicyVersion: {
    request: {
      summary: "We now name our email provider as a processor.",
      url: "https://tenantry.example.com/privacy/v3",
    },
    response: {
      policyId: "privacy-policy",
      version: 3,
      summary: "We now name our email provider as a processor.",
      url: "https://tenantry.example.com/privacy/v3",
      publishedAt: "2026-11-20T12:00:00.000Z",
    },
  },
  listPlatformPrivacyRequests: {
    response: {
      items: [
        {
          ...exportRequest,
          userId,
          overdue: false,
          attempts: 1,
          sesMessageId: "0100019353a1b2c3-4d5e6f70-8192-4a3b-9c8d-7e6f5a4b3c2d-000000",
          possibleDuplicate: false,
          awaitingServices: [],
          confirmedServices: [],
        },
      ],
      nextCursor: null,
    },
  },
};
