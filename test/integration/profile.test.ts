import { describe, expect, it } from "vitest";
import { api, registerVerifiedUser, waitForMessage } from "../harness/api.ts";

describe("GET /v1/me", () => {
  it("returns the signed-in user's own profile", async () => {
    const user = await registerVerifiedUser({ fullName: "Grace Hopper" });
    const me = await api("GET", "/v1/me", { token: user.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      userId: user.userId,
      email: user.email,
      fullName: "Grace Hopper",
      locale: "en",
      emailVerified: true,
      isOwner: true,
      platformAdmin: false,
    });
  });
});

describe("PATCH /v1/me", () => {
  it("changes locale and time zone, and later emails use the new locale", async () => {
    const user = await registerVerifiedUser();
    const patched = await api("PATCH", "/v1/me", {
      token: user.accessToken,
      body: { locale: "pl", timezone: "Europe/Warsaw" },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ locale: "pl", timezone: "Europe/Warsaw" });
    expect((await api("GET", "/v1/me", { token: user.accessToken })).body.locale).toBe("pl");

    await api("POST", "/v1/auth/password/forgot", { body: { username: user.email } });
    await waitForMessage(user.email, (m) => m.subject === "Resetowanie hasła");
  });

  it("refuses an owner changing their own full name (the provider does that)", async () => {
    const owner = await registerVerifiedUser({ fullName: "Original Name" });
    const response = await api("PATCH", "/v1/me", { token: owner.accessToken, body: { fullName: "Someone Else" } });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe("owner_identity_locked");
    expect((await api("GET", "/v1/me", { token: owner.accessToken })).body.fullName).toBe("Original Name");
  });

  it.each([
    ["an empty body", {}],
    ["an unknown time zone", { timezone: "Mars/Olympus" }],
    ["an unsupported locale", { locale: "de" }],
    ["a field users may not change themselves", { email: "new@example.test" }],
  ])("rejects %s with 400", async (_case, body) => {
    const user = await registerVerifiedUser();
    const response = await api("PATCH", "/v1/me", { token: user.accessToken, body });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("invalid_request");
  });
});

describe("GET /v1/me/accounts", () => {
  it("lists the account the user registered, as its owner", async () => {
    const user = await registerVerifiedUser({ accountName: "Switcher Test" });
    const response = await api("GET", "/v1/me/accounts", { token: user.accessToken });
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      {
        accountId: user.accountId,
        name: "Switcher Test",
        kind: "standard",
        role: "owner",
        via: "member",
        parentAccountId: null,
        managedBy: null,
      },
    ]);
  });

  it("shows one user's accounts only to that user", async () => {
    const [alice, bob] = await Promise.all([registerVerifiedUser(), registerVerifiedUser()]);
    const bobs = await api("GET", "/v1/me/accounts", { token: bob.accessToken });
    expect(bobs.body.items.map((a: { accountId: string }) => a.accountId)).toEqual([bob.accountId]);
    expect(bobs.body.items.map((a: { accountId: string }) => a.accountId)).not.toContain(alice.accountId);
  });
});
