import {
  linkThroughProvider,
  PROVIDER,
  signInThroughProvider,
  uniqueProviderLogin,
} from "../../test/harness/openid-provider-browser.ts";
import { type ScenarioContext, signUp } from "./sign-up.ts";

/**
 * Sign-in with an OpenID provider (the local oidc-provider the platform starts), every route once
 * in the order a person meets them: the providers, linking an identity to a password user, the
 * identities, signing in with it, unlinking it (the password stays a way in).
 */
export const openIdScenario = async ({ call, apiUrl }: ScenarioContext) => {
  await call("GET /v1/auth/providers", "GET", "/v1/auth/providers");
  const user = await signUp(call, apiUrl, "openid");
  const login = uniqueProviderLogin("bench");
  // The browser's steps at the provider are not the API's: only the start and the callback are measured.
  const measured = (method: string, path: string, options?: { body?: unknown; token?: string }) =>
    call(`${method} ${path}`, method, path, options);
  const linked = await linkThroughProvider(measured, user.token, login);
  if (linked.status !== 200) throw new Error(`link: ${linked.status} ${JSON.stringify(linked.body)}`);
  await call("GET /v1/me/identities", "GET", "/v1/me/identities", { token: user.token });
  const signedIn = await signInThroughProvider(measured, login);
  if (signedIn.status !== 200) throw new Error(`provider sign-in: ${signedIn.status} ${JSON.stringify(signedIn.body)}`);
  await call(`DELETE /v1/me/identities/${PROVIDER}`, "DELETE", `/v1/me/identities/${PROVIDER}`, {
    token: signedIn.body.accessToken,
  });
};
