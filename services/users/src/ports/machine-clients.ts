import type { MachineScope } from "../../../../shared/src/identity/user-pool-definition.ts";

/** A machine client of the provider's own apps (SPEC 6.8): an OAuth 2.0 client-credentials client. */
export interface MachineClient {
  clientId: string;
  name: string;
  scopes: string[];
  createdAt: string;
}

/** Where machine clients live (Cognito app clients); the secret exists only in the create answer. */
export interface MachineClients {
  create(input: { name: string; scopes: MachineScope[] }): Promise<MachineClient & { clientSecret: string }>;
  /** A page of machine clients; the API's own app client is never among them. */
  list(page: { limit: number; cursor?: string }): Promise<{ items: MachineClient[]; nextCursor: string | null }>;
  /** False when there is no machine client with this id (the API's own client is not one). */
  delete(clientId: string): Promise<boolean>;
}
