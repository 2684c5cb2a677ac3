import { randomUUID } from "node:crypto";
import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { RunningPlatform } from "../../local/platform.ts";
import { userPoolDefinition } from "../../shared/src/identity/user-pool-definition.ts";

export type Call = (
  label: string,
  method: string,
  route: string,
  options?: {
    body?: unknown;
    form?: Record<string, string>;
    token?: string;
    headers?: Record<string, string>;
    /** The named path of the route's round-trip claim this request takes (bench/route-round-trips.ts), if not its common one. */
    path?: string;
  },
) => Promise<{ status: number; body: any }>;

/** What every scenario is given: the measured call, the API's address and the running platform. */
export interface ScenarioContext {
  call: Call;
  apiUrl: string;
  platform: RunningPlatform;
}

export const BENCH_PASSWORD = "Bench-Password-2026";

/** The token of the `skip`-th newest link to `pathName` in the emails to `to`, from the dev outbox. */
export const waitForLink = async (apiUrl: string, to: string, pathName: string, skip = 0): Promise<string> => {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const { items } = (await (await fetch(`${apiUrl}/dev/outbox.json`)).json()) as {
      items: Array<{ to: string; links: string[] }>;
    };
    const links = items
      .filter((m) => m.to === to)
      .reverse()
      .flatMap((m) => m.links.filter((l) => new URL(l).pathname === pathName));
    if (links.length > skip) return new URL(links[skip] as string).searchParams.get("token") ?? "";
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${pathName} link reached ${to}`);
};

/** Registers through the API, follows the emailed verification link and signs in. */
export const signUp = async (call: Call, apiUrl: string, label: string) => {
  const email = `bench-${label}-${randomUUID().slice(0, 8)}@example.test`;
  const password = BENCH_PASSWORD;
  const { body } = await call(`(setup) register ${label}`, "POST", "/v1/auth/register", {
    body: { email, password, fullName: `Bench ${label}`, accountName: `Bench ${label}` },
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { items } = (await (await fetch(`${apiUrl}/dev/outbox.json`)).json()) as {
      items: Array<{ to: string; links: string[] }>;
    };
    const link = items.find((m) => m.to === email)?.links[0];
    if (link) {
      await call("(setup) verify", "POST", "/v1/auth/verify-email", {
        body: { token: new URL(link).searchParams.get("token") },
      });
      break;
    }
    if (Date.now() > deadline) throw new Error("no verification email");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const login = await call("(setup) login", "POST", "/v1/auth/login", { body: { username: email, password } });
  return {
    email,
    accountId: body.accountId as string,
    userId: body.userId as string,
    token: login.body.accessToken as string,
  };
};

/**
 * Signs up a user and makes them provider support (the `platform-admins` group); `adminToken` is
 * from a sign-in after joining, so it carries the group.
 */
export const signUpPlatformAdmin = async (call: Call, apiUrl: string, platform: RunningPlatform, label: string) => {
  const user = await signUp(call, apiUrl, label);
  const username = JSON.parse(Buffer.from(user.token.split(".")[1] ?? "", "base64url").toString()).username;
  await new CognitoIdentityProviderClient({ endpoint: platform.endpoints.cognito }).send(
    new AdminAddUserToGroupCommand({
      UserPoolId: platform.resources.userPoolId,
      Username: username,
      GroupName: userPoolDefinition.groups.platformAdmins,
    }),
  );
  const login = await call("(setup) login", "POST", "/v1/auth/login", {
    body: { username: user.email, password: BENCH_PASSWORD },
  });
  return { ...user, adminToken: login.body.accessToken as string };
};

/**
 * The named path of createInvitation's round-trip claim an invitation to `role` takes: admins and
 * viewers reach every resource by default, and the email lists them (one Query more).
 */
export const invitationPath = (role: string) =>
  role === "admin" || role === "viewer" ? "role reaching resources" : undefined;

/** Invites a new person and has them accept and sign in; returns their token. */
export const inviteAndJoin = async (
  call: Call,
  inviterToken: string,
  accountId: string,
  role: string,
  label: string,
) => {
  const email = `bench-${label}-${randomUUID().slice(0, 8)}@example.test`;
  const invited = await call(`(setup) invite ${label}`, "POST", `/v1/accounts/${accountId}/invitations`, {
    token: inviterToken,
    body: { email, role },
    path: invitationPath(role),
  });
  const token = new URL(invited.body.link).searchParams.get("token");
  const accepted = await call(`(setup) accept ${label}`, "POST", `/v1/invitations/${token}/accept`, {
    body: { password: BENCH_PASSWORD },
  });
  const login = await call(`(setup) login ${label}`, "POST", "/v1/auth/login", {
    body: { username: email, password: BENCH_PASSWORD },
  });
  return { userId: accepted.body.userId as string, token: login.body.accessToken as string };
};
