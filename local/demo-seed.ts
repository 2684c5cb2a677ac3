import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { userPoolDefinition } from "../shared/src/identity/user-pool-definition.ts";
import { writeFileAtomically } from "./atomic-file.ts";
import type { OutboxMessage } from "./dev-outbox.ts";
import type { RunningPlatform } from "./platform.ts";

export interface DemoCredential {
  role: string;
  username: string;
  password: string;
  account: string;
}

const DEMO_PASSWORD = "Demo-Portal-Pass-7";

/** What the seed builds, in order; each line of progress names one (tests interrupt between them). */
export const DEMO_SEED_STEPS = [
  "platform admin",
  "Acme owner",
  "Acme sub-accounts and resource",
  "Acme members",
  "HostCo partner",
  "HostCo operator",
  "HostCo's managed client",
] as const;

type Body = Record<string, any>;
interface Answer {
  status: number;
  body: Body;
}

/**
 * Builds the demo through the platform's own API, as people would: a platform admin, a partner
 * with an operator and a client account it manages, and a customer with two sub-accounts and one
 * user per role. Every step first finds what an earlier, interrupted run already made (a user who
 * registered but never verified, a pending invitation whose link was lost, a sub-account) and
 * carries on from there, so a restart finishes the seed; nothing is deleted. The credentials file
 * is written once all is there, and later starts print it again.
 */
export const seedDemo = async (
  platform: RunningPlatform,
  {
    dataDir,
    adminEmail,
    adminPassword,
    log,
  }: { dataDir: string; adminEmail: string; adminPassword: string; log: (line: string) => void },
): Promise<DemoCredential[]> => {
  const credentialsPath = path.join(dataDir, "demo-credentials.json");
  if (existsSync(credentialsPath)) return JSON.parse(readFileSync(credentialsPath, "utf8")) as DemoCredential[];
  const { apiUrl } = platform;

  const request = async (method: string, route: string, body?: unknown, token?: string): Promise<Answer> => {
    const response = await fetch(`${apiUrl}${route}`, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Body };
  };
  /** The answer when its status is one expected (for a conflict: with one of the codes given). */
  const expectAnswer = (
    answer: Answer,
    what: string,
    expected: Array<number | `409 ${string}` | `403 ${string}`>,
  ): Answer => {
    const fits = expected.some((e) =>
      typeof e === "number" ? answer.status === e : e === `${answer.status} ${String(answer.body.code)}`,
    );
    if (!fits) throw new Error(`seed: ${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer;
  };
  const call = async (method: string, route: string, body?: unknown, token?: string) =>
    expectAnswer(await request(method, route, body, token), `${method} ${route}`, [200, 201, 202, 204]).body;
  const listAll = async (route: string, token: string) => {
    const items: Body[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        "GET",
        `${route}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        undefined,
        token,
      );
      items.push(...(page.items as Body[]));
      cursor = (page.nextCursor as string | null) ?? undefined;
    } while (cursor);
    return items;
  };

  /** The access token, or undefined while the email is not verified. */
  const signIn = async (username: string, password: string) => {
    const answer = expectAnswer(
      await request("POST", "/v1/auth/login", { username, password }),
      `sign-in of ${username}`,
      [200, "403 email_not_verified"],
    );
    return answer.status === 200 ? (answer.body.accessToken as string) : undefined;
  };
  /**
   * Follows a verification link the platform emailed, like a person would. A new link is asked
   * for when the one sent before an interruption may be gone (the SES emulator keeps mail in
   * memory); any link that still works will do.
   */
  const verifyThroughOutbox = async (email: string, askForNewLink: boolean) => {
    if (askForNewLink) await call("POST", "/v1/auth/verify-email/resend", { email });
    const tried = new Set<string>();
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const { items } = (await call("GET", "/dev/outbox.json")) as { items: OutboxMessage[] };
      const links = items
        .filter((m) => m.to === email)
        .flatMap((m) => m.links.filter((l) => l.includes("/verify-email")))
        .filter((link) => !tried.has(link));
      for (const link of links) {
        tried.add(link);
        const token = new URL(link).searchParams.get("token");
        const answer = await request("POST", "/v1/auth/verify-email", { token });
        if (answer.status === 204) return;
        expectAnswer(answer, `verification of ${email}`, [410]);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`seed: no working verification link reached ${email}`);
  };
  /** A verified account owner, signed in: registers, verifies and signs in, or finds them done. */
  const ensureOwner = async (email: string, password: string, fullName: string, accountName: string) => {
    const registered = expectAnswer(
      await request("POST", "/v1/auth/register", { email, password, fullName, accountName }),
      `registration of ${email}`,
      [201, "409 email_taken"],
    );
    let token = await signIn(email, password);
    if (!token) {
      await verifyThroughOutbox(email, registered.status === 409);
      token = await signIn(email, password);
    }
    if (!token) throw new Error(`seed: ${email} is still not verified`);
    if (registered.status === 201) return { accountId: registered.body.accountId as string, token };
    const { items } = await call("GET", "/v1/me/accounts", undefined, token);
    const own = (items as Body[]).find((a) => a.role === "owner" && a.name === accountName && !a.parentAccountId);
    if (!own) throw new Error(`seed: ${email} exists but owns no account named ${accountName}`);
    return { accountId: own.accountId as string, token };
  };
  const acceptLink = async (link: string, fullName: string) =>
    expectAnswer(
      await request("POST", `/v1/invitations/${new URL(link).searchParams.get("token")}/accept`, {
        password: DEMO_PASSWORD,
        fullName,
      }),
      `acceptance by ${fullName}`,
      [201, "409 already_member"],
    );
  /** A fresh link for an invitation still waiting (its first link may be lost), or undefined when none waits. */
  const regeneratedLink = async (token: string, accountId: string, email: string) => {
    const invitations = await listAll(`/v1/accounts/${accountId}/invitations`, token);
    const waiting = invitations.find((i) => i.email === email && (i.status === "pending" || i.status === "expired"));
    if (!waiting) return undefined;
    const { link } = await call(
      "POST",
      `/v1/accounts/${accountId}/invitations/${waiting.invitationId}/regenerate`,
      undefined,
      token,
    );
    return link as string;
  };
  /** A member who joined by invitation: invited and accepted, or found a member already. */
  const ensureInvitedMember = async (
    token: string,
    accountId: string,
    email: string,
    role: string,
    fullName: string,
    extra = {},
  ) => {
    const invited = expectAnswer(
      await request("POST", `/v1/accounts/${accountId}/invitations`, { email, role, fullName, ...extra }, token),
      `invitation of ${email}`,
      [201, "409 already_member", "409 already_invited"],
    );
    if (invited.status === 409 && invited.body.code === "already_member") return;
    const link =
      invited.status === 201 ? (invited.body.link as string) : await regeneratedLink(token, accountId, email);
    if (!link) throw new Error(`seed: ${email} is neither a member of ${accountId} nor invited`);
    await acceptLink(link, fullName);
  };
  const ensureSubaccount = async (token: string, accountId: string, name: string, externalId: string) => {
    const created = expectAnswer(
      await request("POST", `/v1/accounts/${accountId}/subaccounts`, { name, externalId }, token),
      `sub-account ${externalId}`,
      [201, "409 external_id_taken"],
    );
    if (created.status === 201) return created.body.accountId as string;
    const existing = (await listAll(`/v1/accounts/${accountId}/subaccounts`, token)).find(
      (a) => a.externalId === externalId,
    );
    if (!existing) throw new Error(`seed: sub-account ${externalId} is taken but not listed`);
    return existing.accountId as string;
  };

  let stepsDone = 0;
  const stepDone = () => {
    stepsDone += 1;
    log(`seed step ${stepsDone}/${DEMO_SEED_STEPS.length} done: ${DEMO_SEED_STEPS[stepsDone - 1]}`);
  };
  const credentials: DemoCredential[] = [];
  const remember = (role: string, username: string, password: string, account: string) =>
    credentials.push({ role, username, password, account });

  // Provider support.
  const admin = await ensureOwner(adminEmail, adminPassword, "Provider Support", "Provider");
  const adminUsername = (
    JSON.parse(Buffer.from(admin.token.split(".")[1] ?? "", "base64url").toString()) as { username: string }
  ).username;
  // Adding a member of the group again changes nothing.
  await new CognitoIdentityProviderClient({ endpoint: platform.endpoints.cognito }).send(
    new AdminAddUserToGroupCommand({
      UserPoolId: platform.resources.userPoolId,
      Username: adminUsername,
      GroupName: userPoolDefinition.groups.platformAdmins,
    }),
  );
  // Signed in again: the new token carries the group.
  const adminToken = (await signIn(adminEmail, adminPassword)) ?? admin.token;
  remember("platform admin", adminEmail, adminPassword, "Provider");
  stepDone();

  // A customer with sub-accounts and one user per role.
  const acme = await ensureOwner("owner@acme.test", DEMO_PASSWORD, "Olga Owner", "Acme Ltd");
  remember("owner", "owner@acme.test", DEMO_PASSWORD, "Acme Ltd");
  stepDone();

  const north = await ensureSubaccount(acme.token, acme.accountId, "Acme North", "ACME-N");
  await ensureSubaccount(acme.token, acme.accountId, "Acme South", "ACME-S");
  const resources = await listAll(`/v1/accounts/${acme.accountId}/resources`, acme.token);
  if (!resources.some((r) => r.type === "application" && r.name === "Acme CRM")) {
    await call(
      "POST",
      `/v1/accounts/${acme.accountId}/resources`,
      { type: "application", name: "Acme CRM" },
      acme.token,
    );
  }
  stepDone();

  await ensureInvitedMember(acme.token, acme.accountId, "admin@acme.test", "admin", "Adam Admin");
  remember("admin", "admin@acme.test", DEMO_PASSWORD, "Acme Ltd (and every sub-account)");
  await ensureInvitedMember(acme.token, acme.accountId, "standard@acme.test", "standard", "Stan Standard", {
    subaccounts: [north],
  });
  remember("standard", "standard@acme.test", DEMO_PASSWORD, "Acme Ltd + Acme North (granted)");
  await ensureInvitedMember(acme.token, acme.accountId, "viewer@acme.test", "viewer", "Vera Viewer");
  remember("viewer", "viewer@acme.test", DEMO_PASSWORD, "Acme Ltd");
  const managedUser = expectAnswer(
    await request(
      "POST",
      `/v1/accounts/${acme.accountId}/members`,
      { login: "acme-warehouse", password: DEMO_PASSWORD, fullName: "Warehouse Terminal", role: "standard" },
      acme.token,
    ),
    "managed user acme-warehouse",
    [201, "409 login_taken"],
  );
  if (managedUser.status === 409) {
    const members = await listAll(`/v1/accounts/${acme.accountId}/members`, acme.token);
    if (!members.some((m) => m.login === "acme-warehouse")) {
      throw new Error("seed: the login acme-warehouse is taken by someone outside Acme Ltd");
    }
  }
  remember("managed (login)", "acme-warehouse", DEMO_PASSWORD, "Acme Ltd");
  stepDone();

  // A partner (service organisation) with an operator and a client it manages.
  const host = await ensureOwner("owner@hostco.test", DEMO_PASSWORD, "Piotr Partner", "HostCo");
  await call("PATCH", `/v1/platform/accounts/${host.accountId}`, { kind: "partner" }, adminToken);
  remember("partner owner", "owner@hostco.test", DEMO_PASSWORD, "HostCo (partner)");
  stepDone();

  const hostToken = (await signIn("owner@hostco.test", DEMO_PASSWORD)) ?? host.token;
  await ensureInvitedMember(hostToken, host.accountId, "operator@hostco.test", "operator", "Oskar Operator");
  remember("operator", "operator@hostco.test", DEMO_PASSWORD, "HostCo (partner)");
  stepDone();

  const clientName = "Client of HostCo";
  const managed = (await listAll(`/v1/accounts/${host.accountId}/managed-accounts`, hostToken)).find(
    (a) => a.name === clientName,
  );
  if (!managed) {
    const client = await call(
      "POST",
      `/v1/accounts/${host.accountId}/managed-accounts`,
      { name: clientName, ownerEmail: "owner@client.test", ownerFullName: "Cleo Client" },
      hostToken,
    );
    await acceptLink(client.ownerInvitation.link as string, "Cleo Client");
  } else if (!managed.hasOwner) {
    const link = await regeneratedLink(hostToken, managed.accountId as string, "owner@client.test");
    if (!link) throw new Error(`seed: ${clientName} has no owner and no invitation waiting for one`);
    await acceptLink(link, "Cleo Client");
  }
  remember("owner (managed)", "owner@client.test", DEMO_PASSWORD, "Client of HostCo (managed by HostCo)");
  stepDone();

  writeFileAtomically(credentialsPath, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
};
