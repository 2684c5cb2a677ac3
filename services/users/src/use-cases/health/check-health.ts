import type { UsersDependencies } from "../dependencies.ts";

const probe = async (check: () => Promise<void>) => {
  try {
    await check();
    return "ok" as const;
  } catch {
    return "failing" as const;
  }
};

/**
 * Health answers from memory: a function that runs can serve, and load balancers or uptime
 * checks polling it must not cost a DynamoDB and a Cognito call each. With `deep`, each
 * dependency is asked for a cheap answer and the API is healthy only when all answer.
 */
export const health = async (deps: UsersDependencies, { deep }: { deep: boolean }) => {
  if (!deep) return { status: "ok" } as const;
  const [table, identityProvider] = await Promise.all([probe(deps.store.ping), probe(deps.identity.ping)]);
  const dependencies = { table, identityProvider };
  const status = Object.values(dependencies).every((state) => state === "ok") ? "ok" : "degraded";
  return { status, dependencies } as const;
};
