import { describe, expect, it } from "vitest";
import { api, STRONG_PASSWORD, uniqueEmail } from "../harness/api.ts";
import { partnerWithClient } from "./partner-fixtures.ts";

const setDelegation = async (token: string, clientId: string, enabled: boolean) => {
  const response = await api("PATCH", `/v1/accounts/${clientId}`, { token, body: { delegation: { enabled } } });
  expect(response.status).toBe(200);
};

const switcherIds = async (token: string) =>
  ((await api("GET", "/v1/me/accounts", { token })).body.items as Array<{ accountId: string }>).map((a) => a.accountId);

const signIn = async (username: string) => {
  const login = await api("POST", "/v1/auth/login", { body: { username, password: STRONG_PASSWORD } });
  expect(login.status).toBe(200);
  return login.body.accessToken as string;
};

const tokenOf = (link: string) => new URL(link).searchParams.get("token") as string;

describe("memberships created through host access live only while the client delegates", () => {
  it("a host admin who invites themselves and accepts is suspended when delegation goes off, restored when it comes back", async () => {
    const { partnerAdmin, clientId, clientOwner } = await partnerWithClient();
    const invited = await api("POST", `/v1/accounts/${clientId}/invitations`, {
      token: partnerAdmin.accessToken,
      body: { email: partnerAdmin.email, role: "standard" },
    });
    expect(invited.status).toBe(201);
    const accepted = await api("POST", `/v1/invitations/${tokenOf(invited.body.link)}/accept`, {
      token: partnerAdmin.accessToken,
    });
    expect(accepted.status).toBe(201);
    const memberPath = `/v1/accounts/${clientId}/members/${partnerAdmin.userId}`;
    expect((await api("GET", memberPath, { token: clientOwner.token })).body).toMatchObject({
      addedVia: "host",
      suspended: false,
      role: "standard",
    });

    await setDelegation(clientOwner.token, clientId, false);
    expect((await api("GET", `/v1/accounts/${clientId}`, { token: partnerAdmin.accessToken })).status).toBe(404);
    expect((await api("GET", `/v1/accounts/${clientId}/members`, { token: partnerAdmin.accessToken })).status).toBe(
      404,
    );
    expect(await switcherIds(partnerAdmin.accessToken)).not.toContain(clientId);
    // The owner sees who came in through the partner.
    const list = await api("GET", `/v1/accounts/${clientId}/members`, { token: clientOwner.token });
    expect(list.body.items.find((m: { userId: string }) => m.userId === partnerAdmin.userId)).toMatchObject({
      addedVia: "host",
      suspended: true,
    });

    await setDelegation(clientOwner.token, clientId, true);
    const back = await api("GET", `/v1/accounts/${clientId}`, { token: partnerAdmin.accessToken });
    expect(back.status).toBe(200);
    expect(back.body.myAccess).toMatchObject({ via: "member", role: "standard" });

    // ...and can remove them for good.
    expect((await api("DELETE", memberPath, { token: clientOwner.token })).status).toBe(204);
    await setDelegation(clientOwner.token, clientId, false);
    expect((await api("GET", `/v1/accounts/${clientId}`, { token: partnerAdmin.accessToken })).status).toBe(404);
  });

  it("covers managed users the host creates and members added by host-added members (no laundering)", async () => {
    const { partnerAdmin, clientId, clientOwner } = await partnerWithClient();
    const login = `m-${crypto.randomUUID().slice(0, 10)}`;
    const managed = await api("POST", `/v1/accounts/${clientId}/members`, {
      token: partnerAdmin.accessToken,
      body: { login, password: STRONG_PASSWORD, fullName: "Host Made", role: "standard" },
    });
    expect(managed.status).toBe(201);
    expect(managed.body.addedVia).toBe("host");

    // The host invites a second identity, the client makes it an admin, and it invites a third person directly.
    const secondEmail = uniqueEmail("host-alt");
    const second = await api("POST", `/v1/accounts/${clientId}/invitations`, {
      token: partnerAdmin.accessToken,
      body: { email: secondEmail, role: "standard" },
    });
    const secondAccepted = await api("POST", `/v1/invitations/${tokenOf(second.body.link)}/accept`, {
      body: { password: STRONG_PASSWORD },
    });
    const promoted = await api("PATCH", `/v1/accounts/${clientId}/members/${secondAccepted.body.userId}`, {
      token: clientOwner.token,
      body: { role: "admin" },
    });
    expect(promoted.status).toBe(200);
    const secondToken = await signIn(secondEmail);
    const thirdEmail = uniqueEmail("host-third");
    const third = await api("POST", `/v1/accounts/${clientId}/invitations`, {
      token: secondToken,
      body: { email: thirdEmail, role: "standard" },
    });
    expect(third.status).toBe(201);
    const thirdAccepted = await api("POST", `/v1/invitations/${tokenOf(third.body.link)}/accept`, {
      body: { password: STRONG_PASSWORD },
    });
    expect(thirdAccepted.status).toBe(201);
    const thirdToken = await signIn(thirdEmail);
    const managedToken = await signIn(login);
    expect((await api("GET", `/v1/accounts/${clientId}`, { token: thirdToken })).status).toBe(200);

    await setDelegation(clientOwner.token, clientId, false);
    for (const token of [managedToken, secondToken, thirdToken]) {
      expect((await api("GET", `/v1/accounts/${clientId}`, { token })).status).toBe(404);
    }
    const third_ = await api("GET", `/v1/accounts/${clientId}/members/${thirdAccepted.body.userId}`, {
      token: clientOwner.token,
    });
    expect(third_.body).toMatchObject({ addedVia: "host", suspended: true });
  });

  it("stays consistent when 20 host creates race with delegation going off", async () => {
    const { partnerAdmin, clientId, clientOwner } = await partnerWithClient();
    const logins = Array.from({ length: 20 }, () => `m-${crypto.randomUUID().slice(0, 10)}`);
    const [created] = await Promise.all([
      Promise.all(
        logins.map((login) =>
          api("POST", `/v1/accounts/${clientId}/members`, {
            token: partnerAdmin.accessToken,
            body: { login, password: STRONG_PASSWORD, fullName: "Racer", role: "viewer" },
          }),
        ),
      ),
      setDelegation(clientOwner.token, clientId, false),
    ]);
    const made = logins.filter((_, i) => created[i]?.status === 201);
    // Whichever creates won the race, none of them outlives the switch.
    for (const login of made) {
      expect((await api("GET", `/v1/accounts/${clientId}`, { token: await signIn(login) })).status).toBe(404);
    }
    const list = await api("GET", `/v1/accounts/${clientId}/members?limit=100`, { token: clientOwner.token });
    // The owner the partner invited is host-added too, but the owner is never suspended.
    const hostAdded = list.body.items.filter(
      (m: { addedVia: string; role: string }) => m.addedVia === "host" && m.role !== "owner",
    );
    expect(hostAdded).toHaveLength(made.length);
    expect(hostAdded.every((m: { suspended: boolean }) => m.suspended)).toBe(true);
  });
});
