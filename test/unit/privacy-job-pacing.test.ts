import { describe, expect, it } from "vitest";
import { drainConcurrently } from "../../services/privacy/src/use-cases/privacy-job/bounded-pool.ts";
import { nextSendSlot, sendPacer } from "../../services/privacy/src/use-cases/privacy-job/send-pacer.ts";

const listSource = <T>(items: T[]) => {
  const left = [...items];
  return async () => left.shift();
};

describe("privacy job: bounded concurrency", () => {
  it("never runs more than the bound at once, and keeps the bound busy", async () => {
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    await drainConcurrently(
      listSource(Array.from({ length: 20 }, (_, i) => i + 1)),
      3,
      async (item) => {
        active += 1;
        peak = Math.max(peak, active);
        // Uneven work: a worker takes the next item as soon as its own is done.
        for (let tick = 0; tick < item % 4; tick += 1) await Promise.resolve();
        active -= 1;
        done.push(item);
      },
      () => undefined,
    );
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("carries on with the rest when one piece of work throws", async () => {
    const done: string[] = [];
    const failed: string[] = [];
    await drainConcurrently(
      listSource(["a", "b", "boom", "c", "d"]),
      2,
      async (item) => {
        if (item === "boom") throw new Error("provider down");
        done.push(item);
      },
      (item) => failed.push(item),
    );
    expect(done.sort()).toEqual(["a", "b", "c", "d"]);
    expect(failed).toEqual(["boom"]);
  });
});

describe("privacy job: email send rate", () => {
  it("gives the first send the current time and later ones one interval after the last", () => {
    expect(nextSendSlot(undefined, 1_000, 100)).toBe(1_000);
    expect(nextSendSlot(1_000, 1_020, 100)).toBe(1_100);
    // A quiet spell: no catching up in a burst, the next goes now.
    expect(nextSendSlot(1_000, 5_000, 100)).toBe(5_000);
  });

  it("spaces concurrent sends by 1/rate on an injected clock, without waiting when the pace allows", async () => {
    let clock = 0;
    const slept: number[] = [];
    const pacer = sendPacer({
      perSecond: 4,
      now: () => clock,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    // Five tasks ask at the same moment: they queue 250 ms apart.
    await Promise.all(Array.from({ length: 5 }, () => pacer.turn()));
    expect(slept).toEqual([250, 500, 750, 1000]);

    clock = 10_000;
    slept.length = 0;
    await pacer.turn();
    expect(slept).toEqual([]);
  });
});
