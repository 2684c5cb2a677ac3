import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import type { OutboxMessage } from "../../local/dev-outbox.ts";
import { recordCanaries, secretsIn, secretsInMessage } from "./canaries.ts";

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Real HTTP against the local runtime started by the global setup. */
export const api = async <T = any>(
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; token?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> => {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(`${inject("apiUrl")}${path}`, { method, headers, body });
  const text = await response.text();
  const contentType = response.headers.get("content-type") ?? "";
  const parsed = contentType.includes("json") && text ? JSON.parse(text) : text;
  // Every secret the suite sends or receives is a canary the table must never contain.
  recordCanaries(inject("dataDir"), [...secretsIn(options.body), ...secretsIn(parsed)]);
  if (path.startsWith("/dev/outbox.json")) {
    recordCanaries(inject("dataDir"), (parsed as { items: OutboxMessage[] }).items.flatMap(secretsInMessage));
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
};

/** An email address no other test uses. */
export const uniqueEmail = (label = "user") => `${label}-${randomUUID().slice(0, 12)}@example.test`;

export type { OutboxMessage };

/** Polls the dev outbox until a message to `to` matches, instead of sleeping a fixed time. */
export const waitForMessage = async (
  to: string,
  matches: (message: OutboxMessage) => boolean = () => true,
  { timeoutMs = 15_000, skip = 0 }: { timeoutMs?: number; skip?: number } = {},
): Promise<OutboxMessage> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { body } = await api<{ items: OutboxMessage[] }>("GET", "/dev/outbox.json");
    const found = body.items.filter((m) => m.to === to && matches(m)).reverse();
    if (found.length > skip) return found[skip] as OutboxMessage;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`No matching message to ${to} within ${timeoutMs} ms`);
};

export const messagesTo = async (to: string) => {
  const { body } = await api<{ items: OutboxMessage[] }>("GET", "/dev/outbox.json");
  return body.items.filter((m) => m.to === to);
};

export const tokenFromLink = (message: OutboxMessage, path: string): string => {
  const link = message.links.find((l) => new URL(l).pathname === path);
  if (!link) throw new Error(`No ${path} link in: ${message.text}`);
  const token = new URL(link).searchParams.get("token");
  if (!token) throw new Error(`No token in ${link}`);
  return token;
};

export const STRONG_PASSWORD = "Correct-Horse-Battery-9";

export interface TestUser {
  email: string;
  password: string;
  userId: string;
  accountId: string;
  accessToken: string;
  idToken: string;
  refreshToken: string;
}

/** Registers, verifies through the emailed link and signs in: a ready account owner. */
export const registerVerifiedUser = async (
  overrides: { email?: string; fullName?: string; accountName?: string; locale?: string } = {},
): Promise<TestUser> => {
  const email = overrides.email ?? uniqueEmail("owner");
  const registered = await api("POST", "/v1/auth/register", {
    body: {
      email,
      password: STRONG_PASSWORD,
      fullName: overrides.fullName ?? "Test Owner",
      accountName: overrides.accountName ?? "Test Account",
      ...(overrides.locale ? { locale: overrides.locale } : {}),
    },
  });
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
  const message = await waitForMessage(email, (m) => m.links.some((l) => l.includes("/verify-email")));
  const verified = await api("POST", "/v1/auth/verify-email", {
    body: { token: tokenFromLink(message, "/verify-email") },
  });
  if (verified.status !== 204) throw new Error(`verify: ${verified.status}`);
  const login = await api("POST", "/v1/auth/login", { body: { username: email, password: STRONG_PASSWORD } });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  return {
    email,
    password: STRONG_PASSWORD,
    userId: registered.body.userId,
    accountId: registered.body.accountId,
    accessToken: login.body.accessToken,
    idToken: login.body.idToken,
    refreshToken: login.body.refreshToken,
  };
};

export interface JoinedMember {
  email: string;
  userId: string;
  accessToken: string;
}

/** Invites a new person into an account and has them accept with a password, then sign in. */
export const inviteNewMember = async (
  inviterToken: string,
  accountId: string,
  role: "admin" | "standard" | "viewer" | "operator",
  extra: Record<string, unknown> = {},
): Promise<JoinedMember> => {
  const email = uniqueEmail(role);
  const invited = await api("POST", `/v1/accounts/${accountId}/invitations`, {
    token: inviterToken,
    body: { email, role, ...extra },
  });
  if (invited.status !== 201) throw new Error(`invite: ${invited.status} ${JSON.stringify(invited.body)}`);
  const token = new URL(invited.body.link).searchParams.get("token");
  const accepted = await api("POST", `/v1/invitations/${token}/accept`, {
    body: { password: STRONG_PASSWORD, fullName: `A ${role}` },
  });
  if (accepted.status !== 201) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  const login = await api("POST", "/v1/auth/login", { body: { username: email, password: STRONG_PASSWORD } });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  return { email, userId: accepted.body.userId, accessToken: login.body.accessToken };
};

/** A member without email, created by an admin with a login and password, signed in. */
export const addManagedMember = async (
  adminToken: string,
  accountId: string,
  role: "standard" | "viewer",
): Promise<JoinedMember & { login: string }> => {
  const login = `m-${randomUUID().slice(0, 10)}`;
  const created = await api("POST", `/v1/accounts/${accountId}/members`, {
    token: adminToken,
    body: { login, password: STRONG_PASSWORD, fullName: `Managed ${role}`, role },
  });
  if (created.status !== 201) throw new Error(`managed user: ${created.status} ${JSON.stringify(created.body)}`);
  const signIn = await api("POST", "/v1/auth/login", { body: { username: login, password: STRONG_PASSWORD } });
  if (signIn.status !== 200) throw new Error(`managed login: ${signIn.status} ${JSON.stringify(signIn.body)}`);
  return { email: "", login, userId: created.body.userId, accessToken: signIn.body.accessToken };
};

/** Puts a user in the Cognito `platform-admins` group and signs them in again (groups are in the token). */
export const makePlatformAdmin = async (user: TestUser): Promise<string> => {
  const { CognitoIdentityProviderClient, AdminAddUserToGroupCommand } = await import(
    "@aws-sdk/client-cognito-identity-provider"
  );
  const payload = JSON.parse(Buffer.from(user.accessToken.split(".")[1] ?? "", "base64url").toString()) as {
    username: string;
  };
  await new CognitoIdentityProviderClient({
    endpoint: inject("endpoints").cognito,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  }).send(
    new AdminAddUserToGroupCommand({
      UserPoolId: inject("resources").userPoolId,
      Username: payload.username,
      GroupName: "platform-admins",
    }),
  );
  const login = await api("POST", "/v1/auth/login", { body: { username: user.email, password: user.password } });
  return login.body.accessToken as string;
};
