import { api, makePlatformAdmin, registerVerifiedUser } from "../harness/api.ts";

export interface MachineCredentials {
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
}

/** A signed-in platform admin (provider support), whose token carries the group. */
export const platformAdminToken = async () => makePlatformAdmin(await registerVerifiedUser({ fullName: "Support" }));

/** A machine client created through the API by provider support. */
export const createMachineClient = async (adminToken: string, scopes: string[], name = "billing-app") => {
  const created = await api<MachineCredentials>("POST", "/v1/platform/machine-clients", {
    token: adminToken,
    body: { name, scopes },
  });
  if (created.status !== 201) throw new Error(`machine client: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
};

/** What an app does: the client-credentials grant at the token endpoint, with HTTP Basic client auth. */
export const machineToken = async ({ clientId, clientSecret, tokenUrl }: MachineCredentials, scope?: string) => {
  const response = await fetch(tokenUrl, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "client_credentials", ...(scope ? { scope } : {}) }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  if (!body.access_token) throw new Error(`token: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
};

/** A machine token with the given scopes, from a fresh client. */
export const machineTokenWith = async (adminToken: string, scopes: string[]) =>
  machineToken(await createMachineClient(adminToken, scopes));
