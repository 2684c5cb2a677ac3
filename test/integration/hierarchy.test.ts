import { beforeAll, describe, expect, it } from "vitest";
import {
  api,
  inviteNewMember,
  type JoinedMember,
  makePlatformAdmin,
  registerVerifiedUser,
  STRONG_PASSWORD,
  type TestUser,
  uniqueEmail,
  waitForMessage,
} from "../harness/api.ts";

const createSub = (token: string, accountId: string, name: string, externalId: string) =>
  api("POST", `/v1/accounts/${accountId}/subaccounts`, { token, body: { name, externalId } });

const switcher = async (token: string) =>
  (await api("GET", "/v1/me/accounts", { token })).body.items as Array<{
    accountId: string;
    via: string;
    role: string;
  }>;

describe("sub-accounts", () => {
  let owner: TestUser;
  let admin: JoinedMember;
  let standard: JoinedMember;
  let subA: string;
  let subB: string;

  beforeAll(async () => {
    owner = await registerVerifiedUser({ accountName: "Parent Co" });
    [admin, standard] = await Promise.all([
      inviteNewMember(owner.accessToken, owner.accountId, "admin"),
      inviteNewMember(owner.accessToken, owner.accountId, "standard"),
    ]);
    subA = (await createSub(owner.accessToken, owner.accountId, "Branch A", "ext-a")).body.accountId;
    subB = (await createSub(owner.accessToken, owner.accountId, "Branch B", "ext-b")).body.accountId;
  });

  it("are created with a name and an external id unique in the parent, and bill to the parent", async () => {
    const created = await createSub(owner.accessToken, owner.accountId, "Branch C", "ext-c");
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "Branch C",
      externalId: "ext-c",
      parentAccountId: owner.accountId,
      billingAccountId: owner.accountId,
    });
    const duplicate = await createSub(owner.accessToken, owner.accountId, "Other", "ext-c");
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe("external_id_taken");
    const elsewhere = await registerVerifiedUser();
    expect((await createSub(elsewhere.accessToken, elsewhere.accountId, "Mine", "ext-c")).status).toBe(201);
    const list = await api("GET", `/v1/accounts/${owner.accountId}/subaccounts`, { token: owner.accessToken });
    expect(list.body.items.map((s: { externalId: string }) => s.externalId).sort()).toEqual([
      "ext-a",
      "ext-b",
      "ext-c",
    ]);
  });

  it("cannot have sub-accounts of their own, and only parent managers create them", async () => {
    const deeper = await createSub(owner.accessToken, subA, "Too deep", "deep");
    expect(deeper.status).toBe(422);
    expect(deeper.body.code).toBe("subaccount_depth");
    expect((await createSub(standard.accessToken, owner.accountId, "Nope", "nope")).status).toBe(403);
  });

  it("let the parent's owner and admins in as admins, irrevocably", async () => {
    const asAdmin = await api("GET", `/v1/accounts/${subA}`, { token: admin.accessToken });
    expect(asAdmin.body.myAccess).toMatchObject({ role: "admin", via: "parent" });
    const revoke = await api("PUT", `/v1/accounts/${owner.accountId}/members/${admin.userId}/subaccounts`, {
      token: owner.accessToken,
      body: { subaccountIds: [] },
    });
    expect(revoke.status).toBe(409);
    expect(revoke.body.code).toBe("parent_admin_access");
  });

  it("let other parent members into exactly the granted sub-accounts, effective on the next request", async () => {
    expect((await api("GET", `/v1/accounts/${subA}`, { token: standard.accessToken })).status).toBe(404);
    const grants = `/v1/accounts/${owner.accountId}/members/${standard.userId}/subaccounts`;
    expect((await api("PUT", grants, { token: owner.accessToken, body: { subaccountIds: [subA] } })).status).toBe(200);
    const entered = await api("GET", `/v1/accounts/${subA}`, { token: standard.accessToken });
    expect(entered.body.myAccess).toMatchObject({ role: "standard", via: "subaccount-grant" });
    expect(entered.body.myAccess.rights).not.toContain("members.manage");
    expect((await api("GET", `/v1/accounts/${subB}`, { token: standard.accessToken })).status).toBe(404);
    expect((await api("GET", grants, { token: owner.accessToken })).body).toEqual({
      userId: standard.userId,
      allByRole: false,
      subaccountIds: [subA],
    });
    const visible = await api("GET", `/v1/accounts/${owner.accountId}/subaccounts`, { token: standard.accessToken });
    expect(visible.body.items.map((s: { accountId: string }) => s.accountId)).toEqual([subA]);

    await api("PUT", grants, { token: owner.accessToken, body: { subaccountIds: [] } });
    expect((await api("GET", `/v1/accounts/${subA}`, { token: standard.accessToken })).status).toBe(404);
  });

  it("refuse granting accounts that are not sub-accounts of this account", async () => {
    const other = await registerVerifiedUser();
    const response = await api("PUT", `/v1/accounts/${owner.accountId}/members/${standard.userId}/subaccounts`, {
      token: owner.accessToken,
      body: { subaccountIds: [other.accountId] },
    });
    expect(response.status).toBe(422);
  });

  it("keep their own members out of the parent and of siblings", async () => {
    const local = await inviteNewMember(owner.accessToken, subA, "admin");
    expect((await api("GET", `/v1/accounts/${subA}`, { token: local.accessToken })).body.myAccess.via).toBe("member");
    expect((await api("GET", `/v1/accounts/${owner.accountId}`, { token: local.accessToken })).status).toBe(404);
    expect((await api("GET", `/v1/accounts/${subB}`, { token: local.accessToken })).status).toBe(404);
    expect((await api("GET", `/v1/accounts/${owner.accountId}/subaccounts`, { token: local.accessToken })).status).toBe(
      404,
    );
  });

  it("stay out of the switcher of a parent member who holds no grant", async () => {
    const plain = await inviteNewMember(owner.accessToken, owner.accountId, "viewer");
    expect((await switcher(plain.accessToken)).map((a) => a.accountId)).toEqual([owner.accountId]);
  });

  it("appear in the account switcher with how the user reaches them", async () => {
    const grants = `/v1/accounts/${owner.accountId}/members/${standard.userId}/subaccounts`;
    await api("PUT", grants, { token: owner.accessToken, body: { subaccountIds: [subB] } });
    const forStandard = await switcher(standard.accessToken);
    expect(forStandard).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ accountId: owner.accountId, via: "member", role: "standard" }),
        expect.objectContaining({ accountId: subB, via: "subaccount-grant", role: "standard" }),
      ]),
    );
    expect(forStandard.map((a) => a.accountId)).not.toContain(subA);
    const forAdmin = await switcher(admin.accessToken);
    expect(forAdmin).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ accountId: subA, via: "parent", role: "admin" }),
        expect.objectContaining({ accountId: subB, via: "parent", role: "admin" }),
      ]),
    );
  });
});

describe("deleting a parent", () => {
  it("needs ?cascade=true when it has sub-accounts, and then takes them along", async () => {
    const owner = await registerVerifiedUser();
    const sub = (await createSub(owner.accessToken, owner.accountId, "Child", "child")).body.accountId;
    const refused = await api("DELETE", `/v1/accounts/${owner.accountId}`, { token: owner.accessToken });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("has_subaccounts");
    expect(
      (await api("DELETE", `/v1/accounts/${owner.accountId}?cascade=true`, { token: owner.accessToken })).status,
    ).toBe(204);
    expect((await api("GET", `/v1/accounts/${sub}`, { token: owner.accessToken })).status).toBe(404);
    expect((await api("GET", `/v1/accounts/${owner.accountId}`, { token: owner.accessToken })).status).toBe(404);
  });

  it("deletes a sub-account alone and frees its external id", async () => {
    const owner = await registerVerifiedUser();
    const sub = (await createSub(owner.accessToken, owner.accountId, "Child", "reuse")).body.accountId;
    expect((await api("DELETE", `/v1/accounts/${sub}`, { token: owner.accessToken })).status).toBe(204);
    expect((await createSub(owner.accessToken, owner.accountId, "Child again", "reuse")).status).toBe(201);
  });
});

describe("partners and managed accounts", () => {
  let partnerOwner: TestUser;
  let partnerAdmin: JoinedMember;
  let operator: JoinedMember;
  let clientId: string;
  let clientOwner: { email: string; token: string; userId: string };

  beforeAll(async () => {
    partnerOwner = await registerVerifiedUser({ accountName: "HostCo" });
    const support = await registerVerifiedUser();
    const supportToken = await makePlatformAdmin(support);
    const madePartner = await api("PATCH", `/v1/platform/accounts/${partnerOwner.accountId}`, {
      token: supportToken,
      body: { kind: "partner" },
    });
    expect(madePartner.status).toBe(200);
    [partnerAdmin, operator] = await Promise.all([
      inviteNewMember(partnerOwner.accessToken, partnerOwner.accountId, "admin"),
      inviteNewMember(partnerOwner.accessToken, partnerOwner.accountId, "operator"),
    ]);
    const email = uniqueEmail("client-owner");
    const created = await api("POST", `/v1/accounts/${partnerOwner.accountId}/managed-accounts`, {
      token: operator.accessToken,
      body: { name: "Client One", ownerEmail: email, ownerFullName: "Clara Client" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "Client One",
      managedBy: partnerOwner.accountId,
      delegation: { enabled: true },
    });
    clientId = created.body.accountId;
    const token = new URL(created.body.ownerInvitation.link).searchParams.get("token");
    const accepted = await api("POST", `/v1/invitations/${token}/accept`, { body: { password: STRONG_PASSWORD } });
    expect(accepted.body.role).toBe("owner");
    const login = await api("POST", "/v1/auth/login", { body: { username: email, password: STRONG_PASSWORD } });
    clientOwner = { email, token: login.body.accessToken, userId: accepted.body.userId };
  });

  it("only platform admins change an account's kind", async () => {
    const someone = await registerVerifiedUser();
    const refused = await api("PATCH", `/v1/platform/accounts/${someone.accountId}`, {
      token: someone.accessToken,
      body: { kind: "partner" },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("platform_admin_required");
  });

  it("only partners create managed accounts", async () => {
    const standardAccount = await registerVerifiedUser();
    const refused = await api("POST", `/v1/accounts/${standardAccount.accountId}/managed-accounts`, {
      token: standardAccount.accessToken,
      body: { name: "X", ownerEmail: uniqueEmail("x") },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe("not_partner");
  });

  it("makes the invited person the managed account's one owner", async () => {
    const account = await api("GET", `/v1/accounts/${clientId}`, { token: clientOwner.token });
    expect(account.body).toMatchObject({
      managedBy: partnerOwner.accountId,
      delegation: { enabled: true },
      myAccess: { role: "owner", via: "member" },
    });
    const list = await api("GET", `/v1/accounts/${partnerOwner.accountId}/managed-accounts`, {
      token: operator.accessToken,
    });
    expect(list.body.items).toEqual([
      { accountId: clientId, name: "Client One", delegation: { enabled: true }, hasOwner: true },
    ]);
  });

  it("lets partner owners/admins manage the client's members and other partner roles only view", async () => {
    const asHostAdmin = await api("GET", `/v1/accounts/${clientId}`, { token: partnerAdmin.accessToken });
    expect(asHostAdmin.body.myAccess).toMatchObject({ role: "host-admin", via: "host" });
    const invited = await api("POST", `/v1/accounts/${clientId}/invitations`, {
      token: partnerAdmin.accessToken,
      body: { email: uniqueEmail("client-staff"), role: "standard" },
    });
    expect(invited.status).toBe(201);
    const audit = await api("GET", `/v1/accounts/${clientId}/audit`, { token: clientOwner.token });
    expect(audit.body.items[0]).toMatchObject({
      action: "invitation.created",
      actorUserId: partnerAdmin.userId,
      actorVia: "host",
      actorAccountId: partnerOwner.accountId,
    });

    expect((await api("GET", `/v1/accounts/${clientId}/members`, { token: operator.accessToken })).status).toBe(200);
    const write = await api("POST", `/v1/accounts/${clientId}/invitations`, {
      token: operator.accessToken,
      body: { email: uniqueEmail("nope"), role: "viewer" },
    });
    expect(write.status).toBe(403);
    expect(
      (
        await api("PATCH", `/v1/accounts/${clientId}`, {
          token: partnerAdmin.accessToken,
          body: { name: "Renamed by host" },
        })
      ).status,
    ).toBe(403);
  });

  it("switches delegation off (partner loses access: 404) and on again, by the client's owner only", async () => {
    const byHost = await api("PATCH", `/v1/accounts/${clientId}`, {
      token: partnerAdmin.accessToken,
      body: { delegation: { enabled: false } },
    });
    expect(byHost.status).toBe(403);
    expect(
      (
        await api("PATCH", `/v1/accounts/${clientId}`, {
          token: clientOwner.token,
          body: { delegation: { enabled: false } },
        })
      ).status,
    ).toBe(200);
    expect((await api("GET", `/v1/accounts/${clientId}`, { token: partnerAdmin.accessToken })).status).toBe(404);
    expect((await switcher(partnerAdmin.accessToken)).map((a) => a.accountId)).not.toContain(clientId);
    expect(
      (
        await api("PATCH", `/v1/accounts/${clientId}`, {
          token: clientOwner.token,
          body: { delegation: { enabled: true } },
        })
      ).status,
    ).toBe(200);
    expect((await api("GET", `/v1/accounts/${clientId}`, { token: partnerAdmin.accessToken })).status).toBe(200);
    expect(await switcher(operator.accessToken)).toEqual(
      expect.arrayContaining([expect.objectContaining({ accountId: clientId, via: "host", role: "host-viewer" })]),
    );
  });

  it("emails partner report recipients when a client is created, its owner joins, delegation goes off, and it is deleted", async () => {
    const reports = () => (m: { subject: string | null }) => m.subject === "Client report: Client One";
    await waitForMessage(operator.email, reports(), { skip: 0 });
    await waitForMessage(operator.email, reports(), { skip: 1 });
    await waitForMessage(operator.email, reports(), { skip: 2 });
    const texts = async () => {
      const { body } = await api("GET", "/dev/outbox.json");
      return (body.items as Array<{ to: string; subject: string; text: string }>)
        .filter((m) => m.to === operator.email && m.subject === "Client report: Client One")
        .map((m) => m.text);
    };
    const seen = (await texts()).join("\n");
    expect(seen).toContain("was created");
    expect(seen).toContain("accepted the invitation");
    expect(seen).toContain("switched delegation off");
    expect((await api("DELETE", `/v1/accounts/${clientId}`, { token: clientOwner.token })).status).toBe(204);
    await waitForMessage(
      operator.email,
      (m) => m.subject === "Client report: Client One" && m.text.includes("was deleted"),
    );
  });
});
