import { randomUUID } from "node:crypto";
import type { RunningPlatform } from "../../local/platform.ts";
import { type Call, signUpPlatformAdmin, waitForLink } from "./sign-up.ts";

/**
 * A news email's unsubscribe link (RFC 8058), as a reader meets it: the page it opens, then the
 * one-click form. The news and the subscription are set up outside the measured calls, so this
 * scenario does not take the broadcast routes' first measurement from the broadcast scenario.
 */
export const unsubscribeScenario = async ({
  call,
  apiUrl,
  platform,
}: {
  call: Call;
  apiUrl: string;
  platform: RunningPlatform;
}) => {
  const reader = await signUpPlatformAdmin(call, apiUrl, platform, "unsubscribe");
  const unmeasured = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  };
  await unmeasured("PUT", "/v1/me/notifications", reader.token, { preferences: { news: { email: true } } });
  const tag = randomUUID().slice(0, 8);
  await unmeasured("POST", "/v1/platform/broadcasts", reader.adminToken, {
    category: "news",
    subject: { en: `Bench news ${tag}` },
    body: { en: "Hello." },
  });
  const token = encodeURIComponent(await waitForLink(apiUrl, reader.email, "/v1/notifications/unsubscribe"));
  const path = `/v1/notifications/unsubscribe?token=${token}`;
  await call("GET /v1/notifications/unsubscribe", "GET", path);
  await call("POST /v1/notifications/unsubscribe (one-click)", "POST", path, {
    form: { "List-Unsubscribe": "One-Click" },
  });
};
