import type { UsersDependencies } from "./dependencies.ts";

const probe = async (check: () => Promise<void>) => {
  try {
    await check();
    return "ok" as const;
  } catch {
    return "failing" as const;
  }
};

/** Asks each dependency for a cheap answer; the API is healthy only when all answer. */
export const health = async (deps: UsersDependencies) => {
  const [table, identityProvider] = await Promise.all([probe(deps.store.ping), probe(deps.identity.ping)]);
  const dependencies = { table, identityProvider };
  const status = Object.values(dependencies).every((state) => state === "ok") ? "ok" : "degraded";
  return { status, dependencies } as const;
};
