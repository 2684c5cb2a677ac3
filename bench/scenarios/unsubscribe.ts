import { randomUUID } from "node:crypto";
import { type ScenarioContext, signUpPlatformAdmin, waitForLink } from "./sign-up.ts";

/**
 * A reader who wants news by email, and the unsubscribe link (path and query) of the news they
 * were sent. The subscription and the news go outside `call`, so they take no route's first
 * measurement from the broadcast scenario.
 */
export const newsUnsubscribeLink = async ({ call, apiUrl, platform }: ScenarioContext) => {
  const reader = await signUpPlatformAdmin(call, apiUrl, platform, "unsubscribe");
  const unmeasured = async (method: string, path: string, token: string, body: unknown) => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  };
  await unmeasured("PUT", "/v1/me/notifications", reader.token, { preferences: { news: { email: true } } });
  await unmeasured("POST", "/v1/platform/broadcasts", reader.adminToken, {
    category: "news",
    subject: { en: `Bench news ${randomUUID().slice(0, 8)}` },
    body: { en: "Hello." },
  });
  const token = await waitForLink(apiUrl, reader.email, "/v1/notifications/unsubscribe");
  return `/v1/notifications/unsubscribe?token=${encodeURIComponent(token)}`;
};

/** A news email's unsubscribe link (RFC 8058) as a reader meets it: the page it opens, then the one-click form. */
export const unsubscribeScenario = async (bench: ScenarioContext) => {
  const link = await newsUnsubscribeLink(bench);
  await bench.call("GET /v1/notifications/unsubscribe", "GET", link);
  await bench.call("POST /v1/notifications/unsubscribe (one-click)", "POST", link, {
    form: { "List-Unsubscribe": "One-Click" },
  });
};
