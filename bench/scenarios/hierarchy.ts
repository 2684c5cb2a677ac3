import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { BENCH_PASSWORD, inviteAndJoin, type ScenarioContext, signUp } from "./sign-up.ts";

const usernameOf = (accessToken: string) =>
  (JSON.parse(Buffer.from(accessToken.split(".")[1] ?? "", "base64url").toString()) as { username: string }).username;

/**
 * The access resolver's round trips for each way into an account (SPEC section 4): a direct
 * member (1), the parent's admin (2), a parent member with a grant (2), a partner acting as host (2).
 */
export const hierarchyScenario = async ({ call, apiUrl, platform }: ScenarioContext) => {
  const parent = await signUp(call, apiUrl, "parent");
  const sub = await call("POST /accounts/{id}/subaccounts", "POST", `/v1/accounts/${parent.accountId}/subaccounts`, {
    token: parent.token,
    body: { name: "Branch", externalId: "branch-1" },
  });
  const subId = sub.body.accountId as string;
  const member = await inviteAndJoin(call, parent.token, parent.accountId, "standard", "granted");
  await call(
    "PUT .../members/{userId}/subaccounts",
    "PUT",
    `/v1/accounts/${parent.accountId}/members/${member.userId}/subaccounts`,
    {
      token: parent.token,
      body: { subaccountIds: [subId] },
    },
  );
  await call("GET /accounts/{id}/subaccounts", "GET", `/v1/accounts/${parent.accountId}/subaccounts`, {
    token: parent.token,
  });
  await call(
    "GET .../members/{userId}/subaccounts",
    "GET",
    `/v1/accounts/${parent.accountId}/members/${member.userId}/subaccounts`,
    { token: parent.token },
  );
  const local = await inviteAndJoin(call, parent.token, subId, "viewer", "sub-member");
  await call("resolver: direct member of the sub-account", "GET", `/v1/accounts/${subId}`, { token: local.token });
  await call("resolver: parent owner (via parent)", "GET", `/v1/accounts/${subId}`, { token: parent.token });
  await call("resolver: parent member with a grant", "GET", `/v1/accounts/${subId}`, { token: member.token });
  await call("GET /v1/me/accounts (granted member)", "GET", "/v1/me/accounts", {
    token: member.token,
    path: "granted member",
  });

  const partner = await signUp(call, apiUrl, "partner");
  const support = await signUp(call, apiUrl, "support");
  const cognito = new CognitoIdentityProviderClient({ endpoint: platform.endpoints.cognito });
  await cognito.send(
    new AdminAddUserToGroupCommand({
      UserPoolId: platform.resources.userPoolId,
      Username: usernameOf(support.token),
      GroupName: "platform-admins",
    }),
  );
  const supportLogin = await call("(setup) login support", "POST", "/v1/auth/login", {
    body: { username: support.email, password: BENCH_PASSWORD },
  });
  await call("PATCH /platform/accounts/{id} (kind)", "PATCH", `/v1/platform/accounts/${partner.accountId}`, {
    token: supportLogin.body.accessToken,
    body: { kind: "partner" },
  });
  const client = await call(
    "POST /accounts/{id}/managed-accounts",
    "POST",
    `/v1/accounts/${partner.accountId}/managed-accounts`,
    {
      token: partner.token,
      body: { name: "Client", ownerEmail: `bench-client-${Date.now()}@example.test` },
    },
  );
  await call("resolver: partner owner (host)", "GET", `/v1/accounts/${client.body.accountId}`, {
    token: partner.token,
  });
  await call("GET /accounts/{id}/managed-accounts", "GET", `/v1/accounts/${partner.accountId}/managed-accounts`, {
    token: partner.token,
  });
  await call("GET /v1/me/accounts (partner owner)", "GET", "/v1/me/accounts", { token: partner.token });
  await call("GET /v1/me/accounts (parent owner)", "GET", "/v1/me/accounts", { token: parent.token });
};
