import type { MachineScope } from "../../../../../shared/src/identity/user-pool-definition.ts";
import type { MachineClientDependencies } from "./machine-client-dependencies.ts";

/**
 * Provider support creates a client for one of the provider's apps (SPEC 6.8). The secret is in
 * this answer only: Tenantry keeps no copy (so the route is not replayable by Idempotency-Key).
 */
export const createMachineClient = async (
  deps: MachineClientDependencies,
  input: { name: string; scopes: MachineScope[] },
) => {
  const created = await deps.machineClients.create(input);
  return { ...created, tokenUrl: deps.config.MACHINE_TOKEN_URL };
};
