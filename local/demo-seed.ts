import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { userPoolDefinition } from "../shared/src/identity/user-pool-definition.ts";
import type { OutboxMessage } from "./dev-outbox.ts";
import type { RunningPlatform } from "./platform.ts";

export interface DemoCredential {
  role: string;
  email: string;
  password: string;
  accountName?: string;
}

const post = async (apiUrl: string, path: string, body: unknown) => {
  const response = await fetch(`${apiUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`seed: POST ${path} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? undefined : ((await response.json()) as Record<string, string>);
};

/** Waits for the verification email the platform sent and follows its link, like a person would. */
const verifyThroughOutbox = async (apiUrl: string, email: string) => {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { items } = (await (await fetch(`${apiUrl}/dev/outbox.json`)).json()) as { items: OutboxMessage[] };
    const link = items.find((m) => m.to === email)?.links.find((l) => l.includes("/verify-email"));
    if (link) return post(apiUrl, "/v1/auth/verify-email", { token: new URL(link).searchParams.get("token") });
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`seed: no verification email reached ${email}`);
};

/**
 * On first start, creates demo users through the platform's own API and prints their
 * credentials; later starts print the same credentials again.
 */
export const seedDemo = async (
  platform: RunningPlatform,
  { dataDir, adminEmail, adminPassword }: { dataDir: string; adminEmail: string; adminPassword: string },
): Promise<DemoCredential[]> => {
  const markerPath = path.join(dataDir, "demo-credentials.json");
  if (existsSync(markerPath)) return JSON.parse(readFileSync(markerPath, "utf8")) as DemoCredential[];

  const people: Array<DemoCredential & { fullName: string; accountName: string }> = [
    {
      role: "platform admin",
      email: adminEmail,
      password: adminPassword,
      fullName: "Provider Support",
      accountName: "Provider",
    },
    {
      role: "owner",
      email: "owner@acme.test",
      password: "Demo-Portal-Acme-7",
      fullName: "Olga Owner",
      accountName: "Acme Ltd",
    },
    {
      role: "owner",
      email: "partner@hostco.test",
      password: "Demo-Portal-Host-7",
      fullName: "Piotr Partner",
      accountName: "HostCo (partner)",
    },
  ];
  const cognito = new CognitoIdentityProviderClient({ endpoint: platform.endpoints.cognito });
  for (const person of people) {
    await post(platform.apiUrl, "/v1/auth/register", {
      email: person.email,
      password: person.password,
      fullName: person.fullName,
      accountName: person.accountName,
    });
    await verifyThroughOutbox(platform.apiUrl, person.email);
    if (person.role === "platform admin") {
      const login = (await post(platform.apiUrl, "/v1/auth/login", {
        username: person.email,
        password: person.password,
      })) as {
        accessToken: string;
      };
      const username = JSON.parse(Buffer.from(login.accessToken.split(".")[1] ?? "", "base64url").toString())
        .username as string;
      await cognito.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: platform.resources.userPoolId,
          Username: username,
          GroupName: userPoolDefinition.groups.platformAdmins,
        }),
      );
    }
  }
  const credentials = people.map(({ role, email, password, accountName }) => ({ role, email, password, accountName }));
  writeFileSync(markerPath, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
};
