import { beforeAll, describe, expect, it } from "vitest";
import {
  type ApiResponse,
  addManagedMember,
  api,
  inviteNewMember,
  registerVerifiedUser,
  STRONG_PASSWORD,
  uniqueEmail,
} from "../harness/api.ts";

/**
 * Every account route × every kind of caller, against SPEC section 3. "restricted" is an admin
 * with `members.manage` switched off; "disabled" a member whose membership is disabled;
 * "stranger" the owner of another account, who must get 404 everywhere.
 */
type Actor = "owner" | "admin" | "standard" | "viewer" | "restricted" | "disabled" | "stranger";
const ACTORS: Actor[] = ["owner", "admin", "standard", "viewer", "restricted", "disabled", "stranger"];

interface Fixture {
  accountId: string;
  tokens: Record<Actor, string>;
  ownerId: string;
  resourceId: string;
  /** A fresh member each call, for rows that change or remove the target. */
  freshMember(): Promise<string>;
  freshResource(): Promise<string>;
  freshInvitation(): Promise<string>;
}

let fx: Fixture;

beforeAll(async () => {
  const owner = await registerVerifiedUser({ accountName: "Matrix" });
  const { accountId } = owner;
  const [admin, restricted, standard, viewer, disabled, stranger] = await Promise.all([
    inviteNewMember(owner.accessToken, accountId, "admin"),
    inviteNewMember(owner.accessToken, accountId, "admin"),
    addManagedMember(owner.accessToken, accountId, "standard"),
    addManagedMember(owner.accessToken, accountId, "viewer"),
    addManagedMember(owner.accessToken, accountId, "standard"),
    registerVerifiedUser(),
  ]);
  const switchedOff = await api("PATCH", `/v1/accounts/${accountId}/members/${restricted.userId}/rights`, {
    token: owner.accessToken,
    body: { "members.manage": false },
  });
  expect(switchedOff.status).toBe(200);
  const disabling = await api("PATCH", `/v1/accounts/${accountId}/members/${disabled.userId}`, {
    token: owner.accessToken,
    body: { status: "disabled" },
  });
  expect(disabling.status).toBe(200);
  const resource = await api("POST", `/v1/accounts/${accountId}/resources`, {
    token: owner.accessToken,
    body: { type: "project", name: "Shared project" },
  });
  fx = {
    accountId,
    ownerId: owner.userId,
    resourceId: resource.body.resourceId,
    tokens: {
      owner: owner.accessToken,
      admin: admin.accessToken,
      standard: standard.accessToken,
      viewer: viewer.accessToken,
      restricted: restricted.accessToken,
      disabled: disabled.accessToken,
      stranger: stranger.accessToken,
    },
    freshMember: async () => (await addManagedMember(owner.accessToken, accountId, "standard")).userId,
    freshResource: async () =>
      (
        await api("POST", `/v1/accounts/${accountId}/resources`, {
          token: owner.accessToken,
          body: { type: "pixel", name: "p" },
        })
      ).body.resourceId,
    freshInvitation: async () =>
      (
        await api("POST", `/v1/accounts/${accountId}/invitations`, {
          token: owner.accessToken,
          body: { email: uniqueEmail("matrix"), role: "viewer" },
        })
      ).body.invitationId,
  };
}, 120_000);

type Row = [route: string, call: (token: string) => Promise<ApiResponse>, expected: Record<Actor, number>];

const base = () => `/v1/accounts/${fx.accountId}`;
const readAll = { owner: 200, admin: 200, standard: 200, viewer: 200, restricted: 200, disabled: 403, stranger: 404 };
const manageMembers = {
  owner: 200,
  admin: 200,
  standard: 403,
  viewer: 403,
  restricted: 403,
  disabled: 403,
  stranger: 404,
};
const adminOnly = { owner: 200, admin: 200, standard: 403, viewer: 403, restricted: 200, disabled: 403, stranger: 404 };
const status = (map: Record<Actor, number>, success: number) =>
  Object.fromEntries(Object.entries(map).map(([actor, code]) => [actor, code === 200 ? success : code])) as Record<
    Actor,
    number
  >;

const rows: Row[] = [
  ["GET /v1/rights", (t) => api("GET", "/v1/rights", { token: t }), { ...readAll, disabled: 200, stranger: 200 }],
  ["GET account", (t) => api("GET", base(), { token: t }), readAll],
  ["PATCH account", (t) => api("PATCH", base(), { token: t, body: { name: "Matrix" } }), adminOnly],
  ["GET members", (t) => api("GET", `${base()}/members`, { token: t }), readAll],
  ["GET member", (t) => api("GET", `${base()}/members/${fx.ownerId}`, { token: t }), readAll],
  [
    "POST members (managed user)",
    (t) =>
      api("POST", `${base()}/members`, {
        token: t,
        body: {
          login: `x-${Math.random().toString(36).slice(2, 12)}`,
          password: STRONG_PASSWORD,
          fullName: "X",
          role: "viewer",
        },
      }),
    status(manageMembers, 201),
  ],
  [
    "PATCH member",
    async (t) => api("PATCH", `${base()}/members/${await fx.freshMember()}`, { token: t, body: { role: "viewer" } }),
    manageMembers,
  ],
  [
    "DELETE member",
    async (t) => api("DELETE", `${base()}/members/${await fx.freshMember()}`, { token: t }),
    status(manageMembers, 204),
  ],
  [
    "PATCH member rights",
    async (t) =>
      api("PATCH", `${base()}/members/${await fx.freshMember()}/rights`, { token: t, body: { "support.use": false } }),
    manageMembers,
  ],
  [
    "POST password-reset-link",
    async (t) => api("POST", `${base()}/members/${await fx.freshMember()}/password-reset-link`, { token: t, body: {} }),
    status(manageMembers, 201),
  ],
  [
    "POST owner-transfer (non-owners)",
    async (t) => api("POST", `${base()}/owner-transfer`, { token: t, body: { userId: await fx.freshMember() } }),
    { owner: 422, admin: 403, standard: 403, viewer: 403, restricted: 403, disabled: 403, stranger: 404 },
  ],
  [
    "POST resources",
    (t) => api("POST", `${base()}/resources`, { token: t, body: { type: "application", name: "A" } }),
    status(adminOnly, 201),
  ],
  ["GET resources", (t) => api("GET", `${base()}/resources`, { token: t }), readAll],
  [
    "GET resource",
    (t) => api("GET", `${base()}/resources/${fx.resourceId}`, { token: t }),
    { ...readAll, standard: 404 },
  ],
  [
    "PATCH resource",
    (t) => api("PATCH", `${base()}/resources/${fx.resourceId}`, { token: t, body: { name: "Shared project" } }),
    { ...adminOnly, standard: 404 },
  ],
  [
    "GET resource access list",
    (t) => api("GET", `${base()}/resources/${fx.resourceId}/access`, { token: t }),
    { ...adminOnly, standard: 404 },
  ],
  [
    "DELETE resource",
    async (t) => api("DELETE", `${base()}/resources/${await fx.freshResource()}`, { token: t }),
    status(adminOnly, 204),
  ],
  [
    "PUT resource access",
    async (t) =>
      api("PUT", `${base()}/resources/${fx.resourceId}/access/${await fx.freshMember()}`, {
        token: t,
        body: { level: "use" },
      }),
    adminOnly,
  ],
  [
    "DELETE resource access",
    async (t) => api("DELETE", `${base()}/resources/${fx.resourceId}/access/${await fx.freshMember()}`, { token: t }),
    adminOnly,
  ],
  ["GET audit", (t) => api("GET", `${base()}/audit`, { token: t }), adminOnly],
  [
    "POST invitations",
    (t) => api("POST", `${base()}/invitations`, { token: t, body: { email: uniqueEmail("m"), role: "viewer" } }),
    status(manageMembers, 201),
  ],
  ["GET invitations", (t) => api("GET", `${base()}/invitations`, { token: t }), manageMembers],
  [
    "POST invitation regenerate",
    async (t) => api("POST", `${base()}/invitations/${await fx.freshInvitation()}/regenerate`, { token: t }),
    manageMembers,
  ],
  [
    "DELETE invitation",
    async (t) => api("DELETE", `${base()}/invitations/${await fx.freshInvitation()}`, { token: t }),
    status(manageMembers, 204),
  ],
  [
    "POST subaccounts",
    (t) =>
      api("POST", `${base()}/subaccounts`, {
        token: t,
        body: { name: "Sub", externalId: `ext-${Math.random().toString(36).slice(2, 10)}` },
      }),
    status(adminOnly, 201),
  ],
  ["GET subaccounts", (t) => api("GET", `${base()}/subaccounts`, { token: t }), readAll],
  [
    "GET member subaccount grants",
    (t) => api("GET", `${base()}/members/${fx.ownerId}/subaccounts`, { token: t }),
    readAll,
  ],
  [
    "PUT member subaccount grants",
    async (t) =>
      api("PUT", `${base()}/members/${await fx.freshMember()}/subaccounts`, { token: t, body: { subaccountIds: [] } }),
    adminOnly,
  ],
  [
    "GET managed-accounts (not a partner: 422)",
    (t) => api("GET", `${base()}/managed-accounts`, { token: t }),
    { owner: 422, admin: 422, standard: 422, viewer: 422, restricted: 422, disabled: 403, stranger: 404 },
  ],
  [
    "POST managed-accounts (not a partner: 422)",
    (t) => api("POST", `${base()}/managed-accounts`, { token: t, body: { name: "C", ownerEmail: uniqueEmail("c") } }),
    { owner: 422, admin: 422, standard: 422, viewer: 422, restricted: 422, disabled: 403, stranger: 404 },
  ],
  [
    "DELETE account (denials only; allowed deletes are tested on their own accounts)",
    (t) => api("DELETE", base(), { token: t }),
    { owner: 0, admin: 0, standard: 403, viewer: 403, restricted: 0, disabled: 403, stranger: 404 },
  ],
];

describe.each(rows)("%s", (_route, call, expected) => {
  it.each(ACTORS.filter((actor) => expected[actor] !== 0))("as %s", async (actor) => {
    const response = await call(fx.tokens[actor]);
    expect({ actor, status: response.status, code: response.body?.code }).toMatchObject({
      actor,
      status: expected[actor],
    });
    if (expected[actor] === 403 && actor === "disabled") expect(response.body.code).toBe("member_disabled");
    if (expected[actor] === 403 && actor !== "disabled" && response.body.code !== "owner_only") {
      expect(["missing_right", "cannot_grant_role", "cannot_grant_right"]).toContain(response.body.code);
    }
  });
});

describe("account deletion", () => {
  it.each(["owner", "admin"] as const)(
    "is allowed to the %s, after which the account is 404 for everyone",
    async (role) => {
      const owner = await registerVerifiedUser();
      const actor = role === "owner" ? owner : await inviteNewMember(owner.accessToken, owner.accountId, "admin");
      expect((await api("DELETE", `/v1/accounts/${owner.accountId}`, { token: actor.accessToken })).status).toBe(204);
      expect((await api("GET", `/v1/accounts/${owner.accountId}`, { token: owner.accessToken })).status).toBe(404);
      const switcher = await api("GET", "/v1/me/accounts", { token: owner.accessToken });
      expect(switcher.body.items).toEqual([]);
    },
  );
});
