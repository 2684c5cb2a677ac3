import { randomUUID } from "node:crypto";
import { type ScenarioContext, waitForLink } from "./sign-up.ts";

/** Every users route once, in the order a person meets them. */
export const usersScenario = async ({ call, apiUrl }: ScenarioContext) => {
  const email = `bench-${randomUUID().slice(0, 8)}@example.test`;
  const password = "Bench-Password-2026";
  await call("GET /v1/health", "GET", "/v1/health");
  await call("POST /v1/auth/register", "POST", "/v1/auth/register", {
    body: { email, password, fullName: "Bench User", accountName: "Bench" },
  });
  await call("POST /v1/auth/login (unverified)", "POST", "/v1/auth/login", { body: { username: email, password } });
  const verification = await waitForLink(apiUrl, email, "/verify-email");
  await call("POST /v1/auth/verify-email", "POST", "/v1/auth/verify-email", { body: { token: verification } });
  await call("POST /v1/auth/verify-email/resend", "POST", "/v1/auth/verify-email/resend", { body: { email } });
  const login = await call("POST /v1/auth/login", "POST", "/v1/auth/login", { body: { username: email, password } });
  const token = login.body.accessToken as string;
  await call("GET /v1/me", "GET", "/v1/me", { token });
  await call("PATCH /v1/me", "PATCH", "/v1/me", { token, body: { locale: "ru" } });
  await call("GET /v1/me/accounts", "GET", "/v1/me/accounts", { token });
  await call("POST /v1/auth/refresh", "POST", "/v1/auth/refresh", { body: { refreshToken: login.body.refreshToken } });
  await call("POST /v1/auth/password/forgot", "POST", "/v1/auth/password/forgot", { body: { username: email } });
  const reset = await waitForLink(apiUrl, email, "/reset-password");
  await call("POST /v1/auth/password/reset", "POST", "/v1/auth/password/reset", {
    body: { token: reset, newPassword: "Bench-Password-2027" },
  });
  await call("POST /v1/auth/logout", "POST", "/v1/auth/logout", { body: { refreshToken: login.body.refreshToken } });
};
