import { problem } from "../../../../shared/src/http/problem.ts";
import type { MachineScope } from "../../../../shared/src/identity/user-pool-definition.ts";
import type { MachineClients } from "../ports/machine-clients.ts";

/** What the machine-client use cases need. */
export interface MachineClientDependencies {
  machineClients: MachineClients;
  config: { MACHINE_TOKEN_URL: string };
}

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

export const listMachineClients = (deps: MachineClientDependencies, page: { limit: number; cursor?: string }) =>
  deps.machineClients.list(page);

/** Deleting a client stops new tokens at once; tokens already issued live out their hour. */
export const deleteMachineClient = async (deps: MachineClientDependencies, clientId: string) => {
  if (!(await deps.machineClients.delete(clientId))) throw problem.notFound("No such machine client.");
};
