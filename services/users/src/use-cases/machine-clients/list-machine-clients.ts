import type { MachineClientDependencies } from "./machine-client-dependencies.ts";

export const listMachineClients = (deps: MachineClientDependencies, page: { limit: number; cursor?: string }) =>
  deps.machineClients.list(page);
