import { Logger } from "@aws-lambda-powertools/logger";
import { describe, expect, it } from "vitest";
import type { PrivacyRequest } from "../../services/privacy/src/domain/requests.ts";
import type { PolicyNotice, PolicyStore } from "../../services/privacy/src/ports/policy-store.ts";
import { type PrivacyStore, type QueueEntry, RequestChanged } from "../../services/privacy/src/ports/privacy-store.ts";
import type { PrivacyDependencies } from "../../services/privacy/src/use-cases/dependencies.ts";
import { onErasureConfirmed } from "../../services/privacy/src/use-cases/erasure/on-erasure-confirmed.ts";
import { runPrivacyJob } from "../../services/privacy/src/use-cases/privacy-job/run-privacy-job.ts";
import type { OutboxEntry } from "../../shared/src/events/outbox.ts";
import type { ErasureBlocker, PersonalDataProvider, UserContact } from "../../shared/src/privacy/personal-data.ts";
import { recordedMetrics } from "../harness/recorded-metrics.ts";

/**
 * The job against in-memory stores with the same conditional semantics as the table adapters
 * (claims need a free lease and the queue position, transitions the version), and a clock the
 * test moves.
 */
const world = () => {
  let clock = new Date("2026-11-22T10:00:00.000Z").getTime();
  let ids = 0;
  const requests = new Map<string, PrivacyRequest>();
  const queue = new Map<string, QueueEntry>();
  const events: OutboxEntry[] = [];
  const notices = new Map<string, PolicyNotice & { leaseOwner?: string; leaseUntil?: number }>();
  const deciders: Array<{ userId: string; version: number }> = [];
  const queueKey = (dueAt: string, taskId: string) => `${dueAt}#${taskId}`;

  const requestStore: PrivacyStore = {
    createExport: async () => undefined,
    createErasure: async () => undefined,
    activeErasureOf: async () => undefined,
    restrictionsOf: async () => [],
    changeRestriction: async () => undefined,
    requestsOf: async () => ({ items: [], nextCursor: null }),
    allRequests: async () => ({ items: [], nextCursor: null }),
    getRequest: async (id) => requests.get(id),
    async dueEntries(dueBy, { limit, cursor }) {
      const due = [...queue.entries()].filter(([, e]) => e.dueAt <= dueBy).sort(([a], [b]) => a.localeCompare(b));
      const after = cursor ? due.filter(([key]) => key > cursor) : due;
      const page = after.slice(0, limit);
      const last = page.at(-1)?.[0];
      return { items: page.map(([, e]) => ({ ...e })), ...(after.length > limit && last ? { cursor: last } : {}) };
    },
    async claim(requestId, { statuses, dueAt }, { owner, until, now }) {
      const r = requests.get(requestId);
      if (!r || !statuses.includes(r.status) || r.dueAt !== dueAt) return undefined;
      if (r.leaseUntil !== undefined && r.leaseUntil >= now.getTime()) return undefined;
      const previousLeaseExpired = r.leaseOwner !== undefined;
      const claimed = { ...r, leaseOwner: owner, leaseUntil: until, version: r.version + 1, attempts: r.attempts + 1 };
      requests.set(requestId, claimed);
      return { request: { ...claimed }, previousLeaseExpired };
    },
    async transition({ request, set, remove = [], requeueAt, events: newEvents = [] }) {
      const current = requests.get(request.requestId);
      if (!current || current.version !== request.version) throw new RequestChanged();
      const next: PrivacyRequest = { ...current, ...set, version: current.version + 1 };
      for (const key of [...remove, "leaseOwner", "leaseUntil"] as const) delete next[key];
      if (current.dueAt) queue.delete(queueKey(current.dueAt, current.requestId));
      if (requeueAt) {
        next.dueAt = requeueAt;
        queue.set(queueKey(requeueAt, current.requestId), {
          dueAt: requeueAt,
          taskId: current.requestId,
          kind: current.kind as "export",
        });
      } else delete next.dueAt;
      requests.set(request.requestId, next);
      events.push(...newEvents);
    },
    async confirmErasure(requestId, service) {
      const r = requests.get(requestId);
      if (!r || r.status !== "erasing") return undefined;
      const next = { ...r, confirmedServices: [...new Set([...(r.confirmedServices ?? []), service])].sort() };
      requests.set(requestId, next);
      return { ...next };
    },
    async dropEntry(entry) {
      queue.delete(queueKey(entry.dueAt, entry.taskId));
    },
  };

  const policyStore = {
    getPolicy: async (policyId: string) => ({ policyId, title: "Terms", required: true, currentVersion: 2 }),
    getVersion: async (policyId: string, version: number) => ({
      policyId,
      version,
      summary: "Changed",
      publishedBy: "admin",
      publishedAt: new Date(clock).toISOString(),
    }),
    async claimNotice({ policyId, version, dueAt }, { owner, until, now }) {
      const n = notices.get(`${policyId}@${version}`);
      if (!n || n.status !== "pending" || n.dueAt !== dueAt) return undefined;
      if (n.leaseUntil !== undefined && n.leaseUntil >= now.getTime()) return undefined;
      Object.assign(n, { leaseOwner: owner, leaseUntil: until });
      return { ...n };
    },
    async decidersPage(_policyId, cursor, limit) {
      const start = cursor ? Number(cursor) : 0;
      const items = deciders.slice(start, start + limit);
      return { items, ...(start + limit < deciders.length ? { cursor: String(start + limit) } : {}) };
    },
    async advanceNotice(notice, owner, { cursor, events: page }) {
      const n = notices.get(`${notice.policyId}@${notice.version}`);
      if (n?.leaseOwner !== owner) throw new Error("lease lost");
      Object.assign(n, { cursor, notified: n.notified + page.length });
      events.push(...page);
    },
    async finishNotice(notice, owner, { events: page }) {
      const n = notices.get(`${notice.policyId}@${notice.version}`);
      if (n?.leaseOwner !== owner) throw new Error("lease lost");
      Object.assign(n, { status: "done", notified: n.notified + page.length, leaseOwner: undefined });
      queue.delete(queueKey(n.dueAt, `notice:${n.policyId}:${n.version}`));
      events.push(...page);
    },
    async releaseNotice(notice, owner) {
      const n = notices.get(`${notice.policyId}@${notice.version}`);
      if (n?.leaseOwner === owner) Object.assign(n, { leaseOwner: undefined, leaseUntil: undefined });
    },
  } as Partial<PolicyStore> as PolicyStore;

  const contacts = new Map<string, UserContact>();
  const blockers = new Map<string, ErasureBlocker[]>();
  const deliveries: Array<{ to: string; csv: string }> = [];
  let deliver: () => Promise<{ messageId: string | undefined }> = async () => ({
    messageId: `ses-${deliveries.length}`,
  });
  const provider: PersonalDataProvider = {
    service: "users",
    collect: async (userId) => [{ section: "profile", rows: [{ userId }] }],
    erasureBlockers: async (userId) => blockers.get(userId) ?? [],
    erase: async () => 0,
  };

  const recorded = recordedMetrics();
  const deps: PrivacyDependencies = {
    policies: policyStore,
    requests: requestStore,
    directory: { contact: async (userId) => contacts.get(userId) },
    providers: [provider],
    exportDelivery: {
      deliver: async (message) => {
        const result = await deliver();
        deliveries.push({ to: message.to, csv: message.csv });
        return result;
      },
    },
    config: {
      PRIVACY_DELETION_GRACE_DAYS: 30,
      PRIVACY_EXPORT_WINDOW_HOURS: 24,
      PRIVACY_JOB_BATCH_SIZE: 2,
      PRIVACY_JOB_CONCURRENCY: 2,
      PRIVACY_JOB_LEASE_SECONDS: 300,
      PRIVACY_JOB_MAX_ATTEMPTS: 3,
      PRIVACY_ERASURE_RECHECK_MINUTES: 60,
      PRIVACY_EMAIL_SEND_RATE: 14,
    },
    logger: new Logger({ serviceName: "privacy-test", logLevel: "SILENT" }),
    metrics: recorded.metrics,
    now: () => new Date(clock),
    sleep: async (ms) => {
      clock += ms;
    },
    newId: () => {
      ids += 1;
      return `id-${String(ids).padStart(4, "0")}`;
    },
  };

  const iso = () => new Date(clock).toISOString();
  const add = (request: Partial<PrivacyRequest> & Pick<PrivacyRequest, "requestId" | "userId" | "kind" | "status">) => {
    const full: PrivacyRequest = {
      version: 1,
      attempts: 0,
      createdAt: iso(),
      updatedAt: iso(),
      legalDeadline: iso(),
      dueAt: iso(),
      ...request,
    };
    requests.set(full.requestId, full);
    if (full.dueAt)
      queue.set(queueKey(full.dueAt, full.requestId), {
        dueAt: full.dueAt,
        taskId: full.requestId,
        kind: full.kind as "export",
      });
    return full;
  };
  const exportFor = (userId: string, email?: string) => {
    contacts.set(userId, { userId, fullName: userId, locale: "en", ...(email ? { email } : {}) });
    return add({ requestId: `exp-${userId}`, userId, kind: "export", status: "queued" });
  };

  return {
    deps,
    recorded,
    requests,
    queue,
    events,
    notices,
    deciders,
    deliveries,
    blockers,
    add,
    exportFor,
    run: (dueBy?: Date) => runPrivacyJob(deps, { deadline: clock + 60_000, ...(dueBy ? { dueBy } : {}) }),
    advance: (ms: number) => {
      clock += ms;
    },
    failDeliveries: (fail: boolean) => {
      deliver = fail
        ? async () => {
            throw new Error("SES throttled");
          }
        : async () => ({ messageId: `ses-${deliveries.length}` });
    },
    deliverWithoutId: () => {
      deliver = async () => ({ messageId: undefined });
    },
  };
};

describe("privacy job: exports", () => {
  it("sends each due export once, in bounded pages, and records the message id", async () => {
    const w = world();
    for (const user of ["a", "b", "c", "d", "e"]) w.exportFor(user, `${user}@example.test`);
    const report = await w.run();
    expect(report.exports.sent).toBe(5);
    expect(w.deliveries.map((d) => d.to).sort()).toEqual(["a", "b", "c", "d", "e"].map((u) => `${u}@example.test`));
    expect(w.requests.get("exp-a")).toMatchObject({ status: "sent", sesMessageId: expect.stringMatching(/^ses-/) });
    expect(w.queue.size).toBe(0);
    expect(w.deliveries[0]?.csv).toContain("profile,1,userId,a");
    expect((await w.run()).examined).toBe(0);
  });

  it("retries a failed delivery with backoff, then gives up after the last attempt", async () => {
    const w = world();
    w.exportFor("a", "a@example.test");
    w.failDeliveries(true);
    expect((await w.run()).exports.retried).toBe(1);
    expect(w.requests.get("exp-a")).toMatchObject({ status: "queued", failureReason: "delivery_failed" });
    expect((await w.run()).examined).toBe(0); // not due yet

    w.advance(60_000);
    expect((await w.run()).exports.retried).toBe(1);
    w.advance(120_000);
    expect((await w.run()).exports.failed).toBe(1);
    expect(w.requests.get("exp-a")).toMatchObject({ status: "failed", attempts: 3 });
    expect(w.queue.size).toBe(0);
  });

  it("recovers after a retry and clears the failure", async () => {
    const w = world();
    w.exportFor("a", "a@example.test");
    w.failDeliveries(true);
    await w.run();
    w.failDeliveries(false);
    w.advance(60_000);
    expect((await w.run()).exports.sent).toBe(1);
    expect(w.requests.get("exp-a")?.failureReason).toBeUndefined();
  });

  it("fails an export for a user without email, a vanished user, or with email switched off", async () => {
    const w = world();
    w.exportFor("no-mail");
    w.add({ requestId: "exp-ghost", userId: "ghost", kind: "export", status: "queued" });
    await w.run();
    expect(w.requests.get("exp-no-mail")).toMatchObject({ status: "failed", failureReason: "no_email_address" });
    expect(w.requests.get("exp-ghost")).toMatchObject({ status: "failed", failureReason: "user_not_found" });

    w.deliverWithoutId();
    w.exportFor("off", "off@example.test");
    await w.run();
    expect(w.requests.get("exp-off")).toMatchObject({ status: "failed", failureReason: "email_delivery_off" });
  });

  it("leaves a request another run holds alone, and takes it over once that lease ran out, flagged", async () => {
    const w = world();
    w.exportFor("a", "a@example.test");
    // A run that died after claiming (and perhaps after SES took the message).
    const dead = await w.deps.requests.claim(
      "exp-a",
      { statuses: ["queued"], dueAt: w.requests.get("exp-a")?.dueAt as string },
      { owner: "dead-run", until: new Date("2026-11-22T10:05:00.000Z").getTime(), now: new Date() },
    );
    expect(dead).toBeDefined();
    const blocked = await w.run();
    expect(blocked).toMatchObject({ skipped: 1, exports: { sent: 0 } });

    w.advance(5 * 60_000 + 1);
    const takeover = await w.run();
    expect(takeover.exports).toMatchObject({ sent: 1, possibleDuplicates: 1 });
    expect(w.requests.get("exp-a")).toMatchObject({ status: "sent", possibleDuplicate: true });
  });

  it("stops starting work when its time is up, leaving the rest queued", async () => {
    const w = world();
    for (const user of ["a", "b", "c"]) w.exportFor(user, `${user}@example.test`);
    const report = await runPrivacyJob(w.deps, { deadline: 0 });
    expect(report).toMatchObject({ stoppedEarly: true, examined: 0 });
    expect(w.queue.size).toBe(3);
  });
});

describe("privacy job: erasures", () => {
  const scheduled = (w: ReturnType<typeof world>, userId: string) =>
    w.add({
      requestId: `era-${userId}`,
      userId,
      kind: "erasure",
      status: "scheduled",
      scheduledFor: "2026-12-22T10:00:00.000Z",
      dueAt: "2026-12-22T10:00:00.000Z",
    });

  it("waits for the grace period, then asks every service to erase", async () => {
    const w = world();
    scheduled(w, "u1");
    expect((await w.run()).examined).toBe(0);
    const report = await w.run(new Date("2026-12-23T00:00:00.000Z"));
    expect(report.erasures.started).toBe(1);
    expect(w.requests.get("era-u1")).toMatchObject({
      status: "erasing",
      awaitingServices: ["users", "accounts", "notify", "privacy"],
    });
    expect(w.events.map((e) => e.detailType)).toEqual(["UserErasureRequested"]);
  });

  it("blocks an owner of a shared account, tells them once, and proceeds when ownership moved", async () => {
    const w = world();
    scheduled(w, "owner");
    w.blockers.set("owner", [{ code: "owner_of_shared_account", accountId: "A1", accountName: "Acme" }]);
    const lookAhead = new Date("2027-06-01T00:00:00.000Z");
    expect((await w.run(lookAhead)).erasures.blocked).toBe(1);
    expect(w.requests.get("era-owner")).toMatchObject({ status: "blocked", blockingAccountIds: ["A1"] });
    expect(w.requests.get("era-owner")?.blockedReason).toContain("Acme");
    expect(w.events.map((e) => e.detailType)).toEqual(["UserErasureBlocked"]);

    w.advance(61 * 60_000);
    expect((await w.run(lookAhead)).erasures.blocked).toBe(1);
    expect(w.events).toHaveLength(1); // a recheck stays quiet

    w.blockers.delete("owner");
    w.advance(61 * 60_000);
    expect((await w.run(lookAhead)).erasures.started).toBe(1);
    expect(w.requests.get("era-owner")).toMatchObject({ status: "erasing" });
    expect(w.requests.get("era-owner")?.blockedReason).toBeUndefined();
  });

  it("completes on the last confirmation, and ignores repeats and strays", async () => {
    const w = world();
    scheduled(w, "u1");
    await w.run(new Date("2027-01-01T00:00:00.000Z"));
    const confirm = (service: "users" | "accounts" | "notify" | "privacy", requestId = "era-u1") =>
      onErasureConfirmed(w.deps, {
        eventId: `e-${service}`,
        occurredAt: new Date().toISOString(),
        actor: { type: "system" },
        data: { requestId, userId: "u1", service, erasedItems: 1 },
      });
    await confirm("users");
    await confirm("users");
    await confirm("accounts");
    await confirm("notify");
    expect(w.requests.get("era-u1")?.status).toBe("erasing");
    await confirm("privacy");
    expect(w.requests.get("era-u1")).toMatchObject({ status: "completed", completedAt: expect.any(String) });
    expect(w.events.map((e) => e.detailType)).toEqual(["UserErasureRequested", "UserErased"]);
    expect(w.queue.size).toBe(0);
    await confirm("privacy", "unknown-request");
  });

  it("asks again when a service is slow to confirm", async () => {
    const w = world();
    scheduled(w, "u1");
    const lookAhead = new Date("2027-01-01T00:00:00.000Z");
    await w.run(lookAhead);
    w.advance(61 * 60_000);
    const report = await w.run(lookAhead);
    expect(report.erasures.askedAgain).toBe(1);
    expect(w.events.map((e) => e.detailType)).toEqual(["UserErasureRequested", "UserErasureRequested"]);
  });
});

describe("privacy job: policy notices", () => {
  it("tells everyone who decided on an earlier version, a page per step, and finishes", async () => {
    const w = world();
    w.deciders.push(
      { userId: "old-1", version: 1 },
      { userId: "new-1", version: 2 },
      { userId: "old-2", version: 1 },
      { userId: "old-3", version: 1 },
    );
    w.notices.set("terms@2", {
      policyId: "terms",
      version: 2,
      status: "pending",
      notified: 0,
      dueAt: "2026-11-22T10:00:00.000Z",
    });
    w.queue.set(`2026-11-22T10:00:00.000Z#notice:terms:2`, {
      dueAt: "2026-11-22T10:00:00.000Z",
      taskId: "notice:terms:2",
      kind: "policy-notice",
      policyId: "terms",
      version: 2,
    });
    const report = await w.run();
    expect(report.notices).toEqual({ queued: 3, finished: 1 });
    expect(w.events.map((e) => JSON.parse(e.detail).data.userId)).toEqual(["old-1", "old-2", "old-3"]);
    expect(w.notices.get("terms@2")).toMatchObject({ status: "done", notified: 3 });
    expect(w.queue.size).toBe(0);
  });
});

describe("privacy job: metrics", () => {
  it("records each run's exports sent, failures and the oldest due request's age, once per run", async () => {
    const w = world();
    w.exportFor("a", "a@example.test");
    w.advance(10 * 60_000);
    w.exportFor("b", "b@example.test");
    w.exportFor("no-mail");
    w.advance(30_000);
    await w.run();
    expect(w.recorded.entries).toEqual([
      { exportsSent: 2, privacyJobFailures: 1, oldestDuePrivacyRequestAge: 10 * 60 + 30 },
    ]);
  });

  it("records zeros when nothing is due, so an absent figure means the job did not run", async () => {
    const w = world();
    await w.run();
    expect(w.recorded.entries).toEqual([{ exportsSent: 0, privacyJobFailures: 0, oldestDuePrivacyRequestAge: 0 }]);
  });

  it("counts an entry that failed unexpectedly (it stays queued) as a failure", async () => {
    const w = world();
    w.exportFor("a", "a@example.test");
    w.deps.directory = {
      contact: async () => {
        throw new Error("users table unavailable");
      },
    };
    const report = await w.run();
    expect(report.errors).toBe(1);
    expect(w.queue.size).toBe(1);
    expect(w.recorded.total("privacyJobFailures")).toBe(1);
    expect(w.recorded.total("exportsSent")).toBe(0);
  });

  it("keeps sending the other exports when one fails unexpectedly, and paces the emails", async () => {
    const w = world();
    for (const user of ["a", "b", "c", "d", "e"]) w.exportFor(user, `${user}@example.test`);
    const contact = w.deps.directory.contact;
    w.deps.directory = {
      contact: async (userId) => {
        if (userId === "c") throw new Error("users table unavailable");
        return contact(userId);
      },
    };
    const started = w.deps.now().getTime();
    const report = await w.run();
    expect(report).toMatchObject({ examined: 5, errors: 1, exports: { sent: 4 } });
    expect(w.requests.get("exp-c")).toMatchObject({ status: "queued" });
    // Four emails at 14/s: the fake sleeper moved the clock three intervals on.
    expect(w.deps.now().getTime() - started).toBeCloseTo((3 * 1000) / 14, 0);
  });

  it("reads the next page while the workers still have entries, and still sends each export once", async () => {
    const w = world();
    for (const user of ["a", "b", "c", "d", "e"]) w.exportFor(user, `${user}@example.test`);
    const sentWhenRead: number[] = [];
    const dueEntries = w.deps.requests.dueEntries.bind(w.deps.requests);
    w.deps.requests.dueEntries = (dueBy, page) => {
      sentWhenRead.push(w.deliveries.length);
      return dueEntries(dueBy, page);
    };
    const report = await w.run();
    // Pages of two: the second is asked for as the first page's entries are handed out, not after they are sent.
    expect(sentWhenRead.slice(0, 2)).toEqual([0, 0]);
    expect(report.exports.sent).toBe(5);
    expect(w.deliveries.map((d) => d.to).sort()).toEqual(["a", "b", "c", "d", "e"].map((u) => `${u}@example.test`));
  });

  it("measures the age of the oldest due entry when the queue spans several pages", async () => {
    const w = world();
    // Batch size 2: the oldest is on the first page whatever the run gets through afterwards.
    for (const user of ["a", "b", "c"]) {
      w.exportFor(user, `${user}@example.test`);
      w.advance(60_000);
    }
    const report = await w.run();
    expect(report.oldestDueAgeSeconds).toBe(180);
    expect(w.recorded.total("exportsSent")).toBe(3);
  });
});
