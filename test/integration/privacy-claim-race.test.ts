import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { tablePrivacyStore } from "../../services/privacy/src/adapters/table-privacy-store.ts";
import { queuedExport } from "../../services/privacy/src/domain/requests.ts";
import { RequestChanged } from "../../services/privacy/src/ports/privacy-store.ts";
import { testTable } from "./privacy-fixtures.ts";

const RUNS = 24;
const REQUESTS = 12;

const queuedExportOf = (prefix: string, now: Date) =>
  queuedExport({ requestId: ulid(), userId: `${prefix}-${ulid()}`, now });

/**
 * The job claims the requests its workers ask for within one turn together (one read, one
 * transaction): however many runs claim the same page at once, each request goes to exactly one.
 */
describe("claiming a page of queued exports", () => {
  it("gives each request to exactly one of 24 runs claiming the same page at once", async () => {
    const { table } = testTable();
    const setup = tablePrivacyStore(table);
    const now = new Date();
    const requests = Array.from({ length: REQUESTS }, () => queuedExportOf("claim-race", now));
    await Promise.all(requests.map((r) => setup.createExport(r, now.getTime() + 60_000, now.getTime())));

    // Each run its own store, as separate job processes have; every run asks for the whole page at once.
    const runs = Array.from({ length: RUNS }, (_, run) => ({ owner: `run-${run}`, store: tablePrivacyStore(table) }));
    const outcomes = await Promise.all(
      runs.map(({ owner, store }) =>
        Promise.all(
          requests.map((r) =>
            store.claim(
              r.requestId,
              { statuses: ["queued"], dueAt: r.dueAt },
              { owner, until: Date.now() + 60_000, now: new Date() },
            ),
          ),
        ),
      ),
    );

    for (const [index, request] of requests.entries()) {
      const winners = outcomes.flatMap((claims, run) => (claims[index] ? [{ run, claim: claims[index] }] : []));
      expect(winners, `request ${index}`).toHaveLength(1);
      const stored = await setup.getRequest(request.requestId);
      const [{ run, claim }] = winners as [(typeof winners)[number]];
      expect(stored?.leaseOwner).toBe(`run-${run}`);
      expect(stored?.version).toBe(2);
      expect(stored?.attempts).toBe(1);
      expect(claim.request).toEqual(stored);
      expect(claim.previousLeaseExpired).toBe(false);
    }
  }, 60_000);

  it("gives a request claimed twice in one wave by one run to one of the claims", async () => {
    const { table } = testTable();
    const store = tablePrivacyStore(table);
    const now = new Date();
    const request = queuedExportOf("claim-twice", now);
    await store.createExport(request, now.getTime() + 60_000, now.getTime());
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        store.claim(
          request.requestId,
          { statuses: ["queued"], dueAt: request.dueAt },
          { owner: `run-${n}`, until: Date.now() + 60_000, now: new Date() },
        ),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it("commits the state changes of one wave together, failing only the one whose request moved on", async () => {
    const { table } = testTable();
    const store = tablePrivacyStore(table);
    const now = new Date();
    const requests = Array.from({ length: 60 }, () => queuedExportOf("wave", now));
    await Promise.all(requests.map((r) => store.createExport(r, now.getTime() + 60_000, now.getTime())));
    const sentAt = new Date().toISOString();
    // 60 changes of two items each: more than one transaction holds (100 items), so the wave is split too.
    const outcomes = await Promise.allSettled(
      requests.map((request, index) =>
        store.transition({
          request: index === 7 ? { ...request, version: 5 } : request,
          set: { status: "sent", sentAt, completedAt: sentAt, sesMessageId: `m-${index}`, updatedAt: sentAt },
        }),
      ),
    );
    for (const [index, outcome] of outcomes.entries()) {
      const stored = await store.getRequest(requests[index]?.requestId as string);
      if (index === 7) {
        expect(outcome.status).toBe("rejected");
        expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(RequestChanged);
        expect(stored?.status).toBe("queued");
      } else {
        expect(outcome.status, `change ${index}`).toBe("fulfilled");
        expect(stored).toMatchObject({ status: "sent", sesMessageId: `m-${index}`, version: 2 });
        expect(stored?.dueAt).toBeUndefined();
      }
    }
    const due = await store.dueEntries(new Date(Date.now() + 1000).toISOString(), { limit: 1000 });
    const left = new Set(due.items.map((entry) => entry.taskId));
    expect(requests.filter((r) => left.has(r.requestId)).map((r) => r.requestId)).toEqual([requests[7]?.requestId]);
  });
});
