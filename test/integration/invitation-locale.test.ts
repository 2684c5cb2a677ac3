import { describe, expect, it } from "vitest";
import { api, registerVerifiedUser, STRONG_PASSWORD, uniqueEmail } from "../harness/api.ts";

/** Invites a new person and has them accept with `body` and `headers`; returns their profile's locale. */
const localeAfterAccepting = async (
  inviter: Awaited<ReturnType<typeof registerVerifiedUser>>,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) => {
  const email = uniqueEmail("locale");
  const invited = await api("POST", `/v1/accounts/${inviter.accountId}/invitations`, {
    token: inviter.accessToken,
    body: { email, role: "standard" },
  });
  expect(invited.status).toBe(201);
  const token = new URL(invited.body.link).searchParams.get("token");
  const accepted = await api("POST", `/v1/invitations/${token}/accept`, {
    body: { password: STRONG_PASSWORD, ...body },
    headers,
  });
  expect(accepted.status).toBe(201);
  const login = await api("POST", "/v1/auth/login", { body: { username: email, password: STRONG_PASSWORD } });
  return (await api("GET", "/v1/me", { token: login.body.accessToken })).body.locale as string;
};

describe("a new user's language when accepting an invitation", () => {
  it("is the locale sent with the acceptance", async () => {
    const inviter = await registerVerifiedUser({ locale: "ru" });
    expect(await localeAfterAccepting(inviter, { locale: "pl" }, { "accept-language": "ru" })).toBe("pl");
  });

  it("defaults to the browser's Accept-Language when it names a supported language", async () => {
    const inviter = await registerVerifiedUser({ locale: "en" });
    expect(await localeAfterAccepting(inviter, {}, { "accept-language": "de-DE, ru-RU;q=0.9, en;q=0.5" })).toBe("ru");
  });

  it("falls back to the inviter's locale when neither says", async () => {
    const inviter = await registerVerifiedUser({ locale: "pl" });
    expect(await localeAfterAccepting(inviter, {}, { "accept-language": "de, fr;q=0.8" })).toBe("pl");
  });

  it("refuses an unsupported locale with 400", async () => {
    const inviter = await registerVerifiedUser();
    const invited = await api("POST", `/v1/accounts/${inviter.accountId}/invitations`, {
      token: inviter.accessToken,
      body: { email: uniqueEmail("locale"), role: "standard" },
    });
    const token = new URL(invited.body.link).searchParams.get("token");
    const accepted = await api("POST", `/v1/invitations/${token}/accept`, {
      body: { password: STRONG_PASSWORD, locale: "xx" },
    });
    expect(accepted.status).toBe(400);
  });
});
