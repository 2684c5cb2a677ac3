import type { OutboxEntry } from "../../../../shared/src/events/outbox.ts";
import type { Decision, Policy, PolicyVersion } from "../domain/policies.ts";

/** What provider support did, recorded with the change (ids only). */
export interface PlatformAuditRecord {
  entryId: string;
  action: string;
  actorUserId: string;
  targetType: string;
  targetId: string;
  changes?: Record<string, unknown>;
  ip?: string;
  userAgent?: string;
  requestId?: string;
  at: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A fan-out of change notices for one published version. */
export interface PolicyNotice {
  policyId: string;
  version: number;
  status: "pending" | "done";
  cursor?: string;
  notified: number;
  dueAt: string;
}

export interface Decider {
  userId: string;
  version: number;
}

export class PolicyExists extends Error {
  override name = "PolicyExists";
}
/** Another version was published between reading the policy and writing the new one. */
export class PolicyChanged extends Error {
  override name = "PolicyChanged";
}

/** Policies, their versions, users' decisions and the change-notice fan-out. */
export interface PolicyStore {
  listPolicies(): Promise<Policy[]>;
  getPolicy(policyId: string): Promise<Policy | undefined>;
  getVersion(policyId: string, version: number): Promise<PolicyVersion | undefined>;
  /** Throws `PolicyExists`. */
  createPolicy(policy: Policy & { createdBy: string; createdAt: string }, audit: PlatformAuditRecord): Promise<void>;
  /**
   * The next version, atomically with the policy's new current version, its event, the audit
   * entry and (when someone decided on an earlier version) the notice fan-out and its queue item.
   * Throws `PolicyChanged` when `policy.currentVersion` is no longer current.
   */
  publishVersion(input: {
    policy: Policy;
    version: PolicyVersion;
    event: OutboxEntry;
    audit: PlatformAuditRecord;
    notice?: { dueAt: string };
  }): Promise<void>;

  decisionsOf(userId: string): Promise<Decision[]>;
  /** Appends to the history and makes it the current decision unless a newer one is current. */
  recordDecision(decision: Decision, event: OutboxEntry): Promise<void>;
  historyOf(userId: string, policyId: string, page: { limit: number; cursor?: string }): Promise<Page<Decision>>;

  /** Claims the notice for one job run (lease), when it is pending, free and still due at `dueAt`. */
  claimNotice(
    key: { policyId: string; version: number; dueAt: string },
    lease: { owner: string; until: number; now: Date },
  ): Promise<PolicyNotice | undefined>;
  decidersPage(
    policyId: string,
    cursor: string | undefined,
    limit: number,
  ): Promise<{ items: Decider[]; cursor?: string }>;
  /** Writes a page's events and moves the cursor (and the lease) in one transaction, while the lease is held. */
  advanceNotice(
    notice: PolicyNotice,
    owner: string,
    progress: { cursor: string; events: OutboxEntry[]; now: string; leaseUntil: number },
  ): Promise<void>;
  /** The last page's events, with the notice closing and its queue item going, in one transaction. */
  finishNotice(notice: PolicyNotice, owner: string, progress: { events: OutboxEntry[]; now: string }): Promise<void>;
  releaseNotice(notice: PolicyNotice, owner: string): Promise<void>;

  appendPlatformAudit(audit: PlatformAuditRecord): Promise<void>;
}
