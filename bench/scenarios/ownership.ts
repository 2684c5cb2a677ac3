import { randomUUID } from "node:crypto";
import { invitationPath, inviteAndJoin, type ScenarioContext, signUp, signUpPlatformAdmin } from "./sign-up.ts";

/**
 * The routes the other scenarios leave out, each once on its successful path: a resource's access
 * list, revoking an invitation, handing the account over and (by provider support) back, inviting
 * an address that has an account, deleting the account, and listing and deleting a machine client.
 */
export const ownershipScenario = async ({ call, apiUrl, platform }: ScenarioContext) => {
  const owner = await signUp(call, apiUrl, "ownership");
  const base = `/v1/accounts/${owner.accountId}`;
  const token = owner.token;
  const resource = await call("(setup) resource", "POST", `${base}/resources`, {
    token,
    body: { type: "application", name: "Bench app" },
  });
  await call("GET .../resources/{rid}/access", "GET", `${base}/resources/${resource.body.resourceId}/access`, {
    token,
  });
  const invitation = await call("(setup) invitation", "POST", `${base}/invitations`, {
    token,
    body: { email: `bench-revoked-${randomUUID().slice(0, 8)}@example.test`, role: "viewer" },
    path: invitationPath("viewer"),
  });
  await call("DELETE .../invitations/{iid}", "DELETE", `${base}/invitations/${invitation.body.invitationId}`, {
    token,
  });

  const successor = await inviteAndJoin(call, token, owner.accountId, "admin", "successor");
  await call("POST /accounts/{id}/owner-transfer", "POST", `${base}/owner-transfer`, {
    token,
    body: { userId: successor.userId },
  });
  const support = await signUpPlatformAdmin(call, apiUrl, platform, "ownership-support");
  await call(
    "POST /platform/accounts/{id}/owner-transfer",
    "POST",
    `/v1/platform/accounts/${owner.accountId}/owner-transfer`,
    { token: support.adminToken, body: { userId: owner.userId } },
  );
  // An address that already has an account: its membership and profile are read once the login record names them.
  await call("POST .../invitations (existing account)", "POST", `${base}/invitations`, {
    token,
    body: { email: support.email, role: "standard" },
    path: "existing account",
  });
  await call("DELETE /accounts/{id}", "DELETE", base, { token });

  const client = await call("(setup) machine client", "POST", "/v1/platform/machine-clients", {
    token: support.adminToken,
    body: { name: "bench-ownership", scopes: ["tenantry/access.check"] },
  });
  await call("GET /platform/machine-clients", "GET", "/v1/platform/machine-clients", { token: support.adminToken });
  await call(
    "DELETE /platform/machine-clients/{clientId}",
    "DELETE",
    `/v1/platform/machine-clients/${client.body.clientId}`,
    { token: support.adminToken },
  );
};
