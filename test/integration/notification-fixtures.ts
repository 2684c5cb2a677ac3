import { tableRestrictionStore } from "../../services/notify/src/adapters/table-restriction-store.ts";
import { api, type TestUser } from "../harness/api.ts";
import { eventually, testTable } from "./privacy-fixtures.ts";

type Choices = { email: boolean; sms: boolean; telegram: boolean };
export type Preferences = Record<"security" | "account" | "billing" | "news" | "partner_reports", Choices>;

export const putPreferences = (user: Pick<TestUser, "accessToken">, preferences: unknown) =>
  api<{ preferences: Preferences }>("PUT", "/v1/me/notifications", {
    token: user.accessToken,
    body: { preferences },
  });

export const getPreferences = (user: Pick<TestUser, "accessToken">) =>
  api<{ preferences: Preferences }>("GET", "/v1/me/notifications", { token: user.accessToken });

/** Restricts the user's data and waits until notify (which decides deliveries) knows. */
export const restrict = async (user: Pick<TestUser, "accessToken" | "userId">, scope: "marketing" | "processing") => {
  const response = await api("POST", "/v1/me/privacy/restriction", { token: user.accessToken, body: { scope } });
  if (response.status !== 200) throw new Error(`restrict: ${response.status}`);
  const restrictions = tableRestrictionStore(testTable().table);
  await eventually(async () => (await restrictions.scopesOf(user.userId)).includes(scope), {
    what: "notify to learn of the restriction",
  });
};

/** Links a Telegram chat the way the bot's binding does: on notify's recipient copy. */
export const linkTelegramChat = async (userId: string, chatId: string) => {
  const { recipient } = testTable().table.entities;
  await eventually(async () => (await recipient.get({ userId }).go()).data, { what: "the recipient copy" });
  await recipient
    .patch({ userId })
    .set({ telegram: { chatId, linkedAt: new Date().toISOString() } })
    .go({ response: "none" });
};

/** The unsubscribe token in a news email's `List-Unsubscribe` header. */
export const unsubscribeTokenIn = (headers: Record<string, string>) => {
  const header = headers["List-Unsubscribe"] ?? "";
  const url = /^<(https?:\/\/[^>]+)>$/.exec(header)?.[1];
  if (!url) throw new Error(`No List-Unsubscribe URL in ${header}`);
  const token = new URL(url).searchParams.get("token");
  if (!token) throw new Error(`No token in ${url}`);
  return { url, token };
};
