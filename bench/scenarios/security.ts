import { generateSync } from "otplib";
import { BENCH_PASSWORD, type ScenarioContext, signUp } from "./sign-up.ts";

/** Codes for consecutive time steps from the previous one on: each step is accepted once. */
const authenticator = (secret: string) => {
  let step = Math.floor(Date.now() / 30_000) - 1;
  return () => generateSync({ secret, epoch: 30 * step++ });
};

/** Two-factor sign-in, step-up, sessions with their limit, and the security log: every route once. */
export const securityScenario = async ({ call, apiUrl }: ScenarioContext) => {
  const user = await signUp(call, apiUrl, "security");
  const enrolled = await call("POST /v1/me/mfa/totp", "POST", "/v1/me/mfa/totp", { token: user.token });
  const nextCode = authenticator(enrolled.body.secret as string);
  await call("POST /v1/me/mfa/totp/verify", "POST", "/v1/me/mfa/totp/verify", {
    token: user.token,
    body: { code: nextCode() },
  });
  const challenge = await call("POST /v1/auth/login (TOTP challenge)", "POST", "/v1/auth/login", {
    body: { username: user.email, password: BENCH_PASSWORD },
  });
  const signedIn = await call("POST /v1/auth/login/mfa", "POST", "/v1/auth/login/mfa", {
    body: { session: challenge.body.session, code: nextCode() },
  });
  const token = signedIn.body.accessToken as string;
  await call("POST /v1/auth/refresh (session checked)", "POST", "/v1/auth/refresh", {
    body: { refreshToken: signedIn.body.refreshToken },
  });
  const sessions = await call("GET /v1/me/sessions", "GET", "/v1/me/sessions", { token });
  const other = (sessions.body.items as Array<{ sessionId: string; current: boolean }>).find((s) => !s.current);
  await call("DELETE /v1/me/sessions/{sessionId}", "DELETE", `/v1/me/sessions/${other?.sessionId}`, { token });
  await call("GET /v1/me/activity", "GET", "/v1/me/activity?limit=25", { token });
  await call("POST /v1/me/privacy/exports (step-up missing)", "POST", "/v1/me/privacy/exports", { token });
  await call("DELETE /v1/me/mfa/totp (step-up)", "DELETE", "/v1/me/mfa/totp", {
    token,
    headers: { "x-mfa-code": nextCode() },
  });

  const login = `bench-${Date.now()}`;
  const managed = await call("(setup) managed member", "POST", `/v1/accounts/${user.accountId}/members`, {
    token,
    body: { login, password: BENCH_PASSWORD, fullName: "Bench Managed", role: "standard" },
  });
  await call("(setup) managed member signs in", "POST", "/v1/auth/login", {
    body: { username: login, password: BENCH_PASSWORD },
  });
  await call(
    "PATCH /v1/accounts/{id}/members/{userId} {maxSessions}",
    "PATCH",
    `/v1/accounts/${user.accountId}/members/${managed.body.userId}`,
    { token, body: { maxSessions: 1 }, path: "identity change" },
  );
  await call("POST /v1/auth/login (limit 1: ends the oldest)", "POST", "/v1/auth/login", {
    body: { username: login, password: BENCH_PASSWORD },
  });
};
