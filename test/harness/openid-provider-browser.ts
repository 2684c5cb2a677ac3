import { randomUUID } from "node:crypto";

/**
 * Signing in at the local OpenID provider (local/openid-provider.ts) as a browser would. Free of
 * vitest: the integration tests and the bench (`bench/scenarios/openid.ts`) both drive it.
 */

/** The local stage's provider id (local/openid-provider.ts). */
export const PROVIDER = "local";

/** A login at the local OpenID provider no other test uses: it is the subject, and (an address) the email. */
export const uniqueProviderLogin = (label = "person", { verified = true } = {}) =>
  `${verified ? "" : "unverified."}${label}-${randomUUID().slice(0, 12)}@provider.test`;

export interface ProviderAnswer {
  code: string;
  state: string;
  iss?: string;
}

/**
 * A browser at the provider: opens the authorization URL, fills in the provider's own login form
 * and confirms its consent form (oidc-provider's devInteractions), carrying its cookies, until the
 * provider redirects to the platform's redirect URI; returns the answer found there.
 */
export const signInAtProvider = async (authorizationUrl: string, login: string): Promise<ProviderAnswer> => {
  const cookies = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const index = pair?.indexOf("=") ?? -1;
      if (pair && index > 0) cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
    return response;
  };
  const redirectUri = new URL(authorizationUrl).searchParams.get("redirect_uri") ?? "";
  let response = await send(authorizationUrl);
  for (let step = 0; step < 12; step += 1) {
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, response.url || authorizationUrl);
      if (next.toString().startsWith(redirectUri)) {
        const error = next.searchParams.get("error");
        if (error) throw new Error(`provider answered ${error}: ${next.searchParams.get("error_description")}`);
        return {
          code: next.searchParams.get("code") ?? "",
          state: next.searchParams.get("state") ?? "",
          ...(next.searchParams.get("iss") ? { iss: next.searchParams.get("iss") as string } : {}),
        };
      }
      response = await send(next.toString());
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    if (!action || !prompt) throw new Error(`unexpected provider page (${response.status}): ${page.slice(0, 300)}`);
    const form = new URLSearchParams({ prompt, ...(prompt === "login" ? { login, password: "any password" } : {}) });
    response = await send(new URL(action.replaceAll("&amp;", "&"), response.url || authorizationUrl).toString(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
  }
  throw new Error("the provider did not send the browser back");
};

/** How a caller reaches the API: the test harness's `api`, or the bench's measured call. */
export type SendToApi<R extends { status: number; body: any }> = (
  method: string,
  path: string,
  options?: { body?: unknown; token?: string },
) => Promise<R>;

/** Signs in through the provider end to end: start, the provider's forms, the callback. */
export const signInThroughProvider = async <R extends { status: number; body: any }>(
  send: SendToApi<R>,
  login: string,
): Promise<R> => {
  const started = await send("POST", `/v1/auth/providers/${PROVIDER}/sign-in`);
  if (started.status !== 200) throw new Error(`start: ${started.status} ${JSON.stringify(started.body)}`);
  const answer = await signInAtProvider(started.body.authorizationUrl, login);
  return send("POST", `/v1/auth/providers/${PROVIDER}/sign-in/callback`, { body: answer });
};

/** Links the provider identity of `login` to the signed-in user end to end. */
export const linkThroughProvider = async <R extends { status: number; body: any }>(
  send: SendToApi<R>,
  accessToken: string,
  login: string,
): Promise<R> => {
  const started = await send("POST", `/v1/me/identities/${PROVIDER}/link`, { token: accessToken });
  if (started.status !== 200) throw new Error(`link start: ${started.status} ${JSON.stringify(started.body)}`);
  const answer = await signInAtProvider(started.body.authorizationUrl, login);
  return send("POST", `/v1/me/identities/${PROVIDER}/link/callback`, { token: accessToken, body: answer });
};
