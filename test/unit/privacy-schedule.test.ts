import { afterEach, describe, expect, it, vi } from "vitest";
import { privacyJobEndpoint, startPrivacySchedule } from "../../local/privacy-job.ts";
import { isPrivacyJobInvocation, privacyJobSchedule } from "../../services/privacy/src/schedule.ts";
import type { PrivacyJobReport } from "../../services/privacy/src/use-cases/privacy-job/report.ts";

afterEach(() => {
  vi.useRealTimers();
});

describe("the privacy job's trigger", () => {
  it("recognises EventBridge Scheduler's input and nothing else", () => {
    expect(privacyJobSchedule.expression).toBe("rate(5 minutes)");
    expect(isPrivacyJobInvocation(privacyJobSchedule.input)).toBe(true);
    expect(isPrivacyJobInvocation({ requestContext: { http: { method: "GET" } } })).toBe(false);
    expect(isPrivacyJobInvocation({ "detail-type": "UserErased", detail: {} })).toBe(false);
    expect(isPrivacyJobInvocation({ job: "something-else" })).toBe(false);
  });
});

describe("the local schedule (EventBridge Scheduler's stand-in)", () => {
  it("runs the job on its interval, never two at once, and waits for a run in flight when stopped", async () => {
    vi.useFakeTimers();
    let finish: () => void = () => undefined;
    const runJob = vi.fn(
      () =>
        new Promise<PrivacyJobReport>((resolve) => {
          finish = () => resolve({} as PrivacyJobReport);
        }),
    );
    const schedule = startPrivacySchedule({ runJob }, 60, () => undefined);
    expect(runJob).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runJob).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runJob).toHaveBeenCalledTimes(1); // the first run is still going
    finish();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runJob).toHaveBeenCalledTimes(2);

    let stopped = false;
    const stopping = schedule.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    await vi.advanceTimersByTimeAsync(600_000);
    expect(runJob).toHaveBeenCalledTimes(2);
  });

  it("is off at 0 seconds", async () => {
    vi.useFakeTimers();
    const runJob = vi.fn(async () => ({}) as PrivacyJobReport);
    const schedule = startPrivacySchedule({ runJob }, 0, () => undefined);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(runJob).not.toHaveBeenCalled();
    await schedule.stop();
  });

  it("logs a failed run and keeps the schedule going", async () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const runJob = vi.fn(async () => {
      throw new Error("DynamoDB is down");
    });
    const schedule = startPrivacySchedule({ runJob }, 1, (line) => lines.push(line));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(runJob).toHaveBeenCalledTimes(2);
    expect(lines[0]).toContain("DynamoDB is down");
    await schedule.stop();
  });
});

describe("POST /dev/jobs/privacy", () => {
  const endpoint = (runJob = vi.fn(async (_options?: { dueBy?: Date }) => ({ runId: "r1" }) as PrivacyJobReport)) => ({
    runJob,
    call: privacyJobEndpoint({ runJob }),
  });

  it("runs the job now, or looking ahead to dueBy, and returns its report", async () => {
    const { runJob, call } = endpoint();
    const now = await call({} as never, "");
    expect(now).toMatchObject({ status: 200, contentType: "application/json" });
    expect(JSON.parse(now.body)).toEqual({ runId: "r1" });
    expect(runJob).toHaveBeenLastCalledWith({});
    await call({} as never, JSON.stringify({ dueBy: "2030-01-01T00:00:00Z" }));
    expect(runJob).toHaveBeenLastCalledWith({ dueBy: new Date("2030-01-01T00:00:00Z") });
  });

  it.each([["not json"], [JSON.stringify({ dueBy: "tomorrow" })], [JSON.stringify({ other: 1 })]])(
    "answers 400 to %s",
    async (body) => {
      const { runJob, call } = endpoint();
      expect((await call({} as never, body)).status).toBe(400);
      expect(runJob).not.toHaveBeenCalled();
    },
  );
});
