import { describe, expect, it } from "vitest";
import type { UsersDependencies } from "../../services/users/src/use-cases/dependencies.ts";
import { health } from "../../services/users/src/use-cases/health/check-health.ts";

/** Dependencies whose pings are counted, and fail when `failing` names them. */
const countingDependencies = (failing: Array<"table" | "identityProvider"> = []) => {
  const pings = { table: 0, identityProvider: 0 };
  const ping = (name: keyof typeof pings) => async () => {
    pings[name] += 1;
    if (failing.includes(name)) throw new Error(`${name} down`);
  };
  const deps = { store: { ping: ping("table") }, identity: { ping: ping("identityProvider") } };
  return { deps: deps as unknown as UsersDependencies, pings };
};

describe("health", () => {
  it("answers from memory without asking any dependency", async () => {
    const { deps, pings } = countingDependencies(["table", "identityProvider"]);
    expect(await health(deps, { deep: false })).toEqual({ status: "ok" });
    expect(pings).toEqual({ table: 0, identityProvider: 0 });
  });

  it("asks each dependency once when deep, and is degraded when one fails", async () => {
    const healthy = countingDependencies();
    expect(await health(healthy.deps, { deep: true })).toEqual({
      status: "ok",
      dependencies: { table: "ok", identityProvider: "ok" },
    });
    expect(healthy.pings).toEqual({ table: 1, identityProvider: 1 });
    const failing = countingDependencies(["identityProvider"]);
    expect(await health(failing.deps, { deep: true })).toEqual({
      status: "degraded",
      dependencies: { table: "ok", identityProvider: "failing" },
    });
  });
});
