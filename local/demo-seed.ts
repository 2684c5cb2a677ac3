import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { userPoolDefinition } from "../shared/src/identity/user-pool-definition.ts";
import type { OutboxMessage } from "./dev-outbox.ts";
import type { RunningPlatform } from "./platform.ts";

export interface DemoCredential {
  role: string;
  username: string;
  password: string;
  account: string;
}

const DEMO_PASSWORD = "Demo-Portal-Pass-7";

/**
 * On first start, builds the demo through the platform's own API, as people would: a platform
 * admin, a partner with an operator and a client account it manages, and a customer with two
 * sub-accounts and one user per role. Later starts print the same credentials again.
 */
export const seedDemo = async (
  platform: RunningPlatform,
  { dataDir, adminEmail, adminPassword }: { dataDir: string; adminEmail: string; adminPassword: string },
): Promise<DemoCredential[]> => {
  const markerPath = path.join(dataDir, "demo-credentials.json");
  if (existsSync(markerPath)) return JSON.parse(readFileSync(markerPath, "utf8")) as DemoCredential[];
  const { apiUrl } = platform;

  const call = async (method: string, route: string, body?: unknown, token?: string) => {
    const response = await fetch(`${apiUrl}${route}`, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`seed: ${method} ${route} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : {}) as Record<string, any>;
  };
  const login = async (username: string, password: string) =>
    (await call("POST", "/v1/auth/login", { username, password })).accessToken as string;
  /** Follows the verification link the platform emailed, like a person would. */
  const verifyThroughOutbox = async (email: string) => {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const { items } = (await call("GET", "/dev/outbox.json")) as { items: OutboxMessage[] };
      const link = items.find((m) => m.to === email)?.links.find((l) => l.includes("/verify-email"));
      if (link) return call("POST", "/v1/auth/verify-email", { token: new URL(link).searchParams.get("token") });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`seed: no verification email reached ${email}`);
  };
  const register = async (email: string, password: string, fullName: string, accountName: string) => {
    const { accountId } = await call("POST", "/v1/auth/register", { email, password, fullName, accountName });
    await verifyThroughOutbox(email);
    return { accountId: accountId as string, token: await login(email, password) };
  };
  const acceptLink = (link: string, fullName: string) =>
    call("POST", `/v1/invitations/${new URL(link).searchParams.get("token")}/accept`, {
      password: DEMO_PASSWORD,
      fullName,
    });
  const invite = async (
    token: string,
    accountId: string,
    email: string,
    role: string,
    fullName: string,
    extra = {},
  ) => {
    const { link } = await call(
      "POST",
      `/v1/accounts/${accountId}/invitations`,
      { email, role, fullName, ...extra },
      token,
    );
    return acceptLink(link, fullName);
  };

  const credentials: DemoCredential[] = [];
  const remember = (role: string, username: string, password: string, account: string) =>
    credentials.push({ role, username, password, account });

  // Provider support.
  const admin = await register(adminEmail, adminPassword, "Provider Support", "Provider");
  const adminUsername = (
    JSON.parse(Buffer.from(admin.token.split(".")[1] ?? "", "base64url").toString()) as { username: string }
  ).username;
  await new CognitoIdentityProviderClient({ endpoint: platform.endpoints.cognito }).send(
    new AdminAddUserToGroupCommand({
      UserPoolId: platform.resources.userPoolId,
      Username: adminUsername,
      GroupName: userPoolDefinition.groups.platformAdmins,
    }),
  );
  const adminToken = await login(adminEmail, adminPassword);
  remember("platform admin", adminEmail, adminPassword, "Provider");

  // A customer with sub-accounts and one user per role.
  const acme = await register("owner@acme.test", DEMO_PASSWORD, "Olga Owner", "Acme Ltd");
  remember("owner", "owner@acme.test", DEMO_PASSWORD, "Acme Ltd");
  const north = await call(
    "POST",
    `/v1/accounts/${acme.accountId}/subaccounts`,
    { name: "Acme North", externalId: "ACME-N" },
    acme.token,
  );
  await call(
    "POST",
    `/v1/accounts/${acme.accountId}/subaccounts`,
    { name: "Acme South", externalId: "ACME-S" },
    acme.token,
  );
  await call("POST", `/v1/accounts/${acme.accountId}/resources`, { type: "application", name: "Acme CRM" }, acme.token);
  await invite(acme.token, acme.accountId, "admin@acme.test", "admin", "Adam Admin");
  remember("admin", "admin@acme.test", DEMO_PASSWORD, "Acme Ltd (and every sub-account)");
  await invite(acme.token, acme.accountId, "standard@acme.test", "standard", "Stan Standard", {
    subaccounts: [north.accountId],
  });
  remember("standard", "standard@acme.test", DEMO_PASSWORD, "Acme Ltd + Acme North (granted)");
  await invite(acme.token, acme.accountId, "viewer@acme.test", "viewer", "Vera Viewer");
  remember("viewer", "viewer@acme.test", DEMO_PASSWORD, "Acme Ltd");
  await call(
    "POST",
    `/v1/accounts/${acme.accountId}/members`,
    { login: "acme-warehouse", password: DEMO_PASSWORD, fullName: "Warehouse Terminal", role: "standard" },
    acme.token,
  );
  remember("managed (login)", "acme-warehouse", DEMO_PASSWORD, "Acme Ltd");

  // A partner (service organisation) with an operator and a client it manages.
  const host = await register("owner@hostco.test", DEMO_PASSWORD, "Piotr Partner", "HostCo");
  await call("PATCH", `/v1/platform/accounts/${host.accountId}`, { kind: "partner" }, adminToken);
  remember("partner owner", "owner@hostco.test", DEMO_PASSWORD, "HostCo (partner)");
  const hostToken = await login("owner@hostco.test", DEMO_PASSWORD);
  await invite(hostToken, host.accountId, "operator@hostco.test", "operator", "Oskar Operator");
  remember("operator", "operator@hostco.test", DEMO_PASSWORD, "HostCo (partner)");
  const client = await call(
    "POST",
    `/v1/accounts/${host.accountId}/managed-accounts`,
    { name: "Client of HostCo", ownerEmail: "owner@client.test", ownerFullName: "Cleo Client" },
    hostToken,
  );
  await acceptLink(client.ownerInvitation.link, "Cleo Client");
  remember("owner (managed)", "owner@client.test", DEMO_PASSWORD, "Client of HostCo (managed by HostCo)");

  writeFileSync(markerPath, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
};
