import { problem } from "../../../../../shared/src/http/problem.ts";
import type { MachineClientDependencies } from "./machine-client-dependencies.ts";

/** Deleting a client stops new tokens at once; tokens already issued live out their hour. */
export const deleteMachineClient = async (deps: MachineClientDependencies, clientId: string) => {
  if (!(await deps.machineClients.delete(clientId))) throw problem.notFound("No such machine client.");
};
