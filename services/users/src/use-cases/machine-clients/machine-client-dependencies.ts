import type { MachineClients } from "../../ports/machine-clients.ts";

/** What the machine-client use cases need. */
export interface MachineClientDependencies {
  machineClients: MachineClients;
  config: { MACHINE_TOKEN_URL: string };
}
