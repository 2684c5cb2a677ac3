import { describe, expect, it } from "vitest";
import { type Access, mayHaveSubaccounts } from "../../services/accounts/src/domain/access.ts";
import type { Right } from "../../services/accounts/src/domain/rights.ts";
import { checkAccess } from "../../services/accounts/src/use-cases/access/check-access.ts";
import { authorize, resolveAccess } from "../../services/accounts/src/use-cases/access/resolve-access.ts";
import { Problem } from "../../shared/src/http/problem.ts";
import { type AccountsWorld, accessFacts, account, emptyWorld, member, resource } from "./accounts-fakes.ts";

/** SPEC sections 3 and 4 on in-memory facts: how a user reaches an account and what they may do there. */

const resolve = (world: AccountsWorld, userId: string, accountId: string) =>
  resolveAccess({ access: accessFacts(world) }, userId, accountId);

/** The problem a refused resolution throws, as status and code. */
const refusal = async (attempt: Promise<unknown>) => {
  const error = await attempt.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(Problem);
  const { status, code } = error as Problem;
  return { status, code };
};

const rightsOf = (access: Access) => [...access.rights].sort();
const NOT_FOUND = { status: 404, code: "not_found" };

/** One top-level account `acme` with one member `u` of `role` (plus what `more` adds). */
const oneMember = (role: Parameters<typeof member>[2], facts: Parameters<typeof member>[3] = {}): AccountsWorld => ({
  ...emptyWorld(),
  accounts: [account("acme")],
  members: [member("acme", "u", role, facts)],
});

describe("a direct member's rights", () => {
  it("follow the role's defaults (SPEC 3), without the partner-only rights in a standard account", async () => {
    const everythingButPartner = [
      "account.delete",
      "account.manage",
      "account.read",
      "audit.read",
      "billing.manage",
      "billing.read",
      "members.manage",
      "members.read",
      "resources.manage",
      "resources.read",
      "subaccounts.manage",
      "support.use",
    ];
    expect(rightsOf(await resolve(oneMember("owner"), "u", "acme"))).toEqual(everythingButPartner);
    expect(rightsOf(await resolve(oneMember("admin"), "u", "acme"))).toEqual(everythingButPartner);
    expect(rightsOf(await resolve(oneMember("standard"), "u", "acme"))).toEqual([
      "account.read",
      "members.read",
      "resources.read",
      "support.use",
    ]);
    expect(rightsOf(await resolve(oneMember("viewer"), "u", "acme"))).toEqual([
      "account.read",
      "members.read",
      "resources.read",
    ]);
  });

  it("reach resources by role: owners and admins administer, viewers view, standard members need grants", async () => {
    const defaults = await Promise.all(
      (["owner", "admin", "viewer", "standard"] as const).map(async (role) => {
        const access = await resolve(oneMember(role), "u", "acme");
        return [role, access.via, access.resourceDefault];
      }),
    );
    expect(defaults).toEqual([
      ["owner", "member", "administer"],
      ["admin", "member", "administer"],
      ["viewer", "member", "view"],
      ["standard", "member", "none"],
    ]);
  });

  it("take overrides on and off on top of the role's defaults", async () => {
    const access = await resolve(
      oneMember("standard", { rightsOverrides: { "audit.read": true, "support.use": false } }),
      "u",
      "acme",
    );
    expect(access.rights.has("audit.read")).toBe(true);
    expect(access.rights.has("support.use")).toBe(false);
    expect(access.rights.has("members.read")).toBe(true);
  });

  it("ignore overrides for the owner: nobody switches an owner's rights off", async () => {
    const access = await resolve(
      oneMember("owner", { rightsOverrides: { "account.delete": false, "members.manage": false } }),
      "u",
      "acme",
    );
    expect(access.rights.has("account.delete")).toBe(true);
    expect(access.rights.has("members.manage")).toBe(true);
  });

  it("ignore an override for a right the account does not have", async () => {
    const access = await resolve(
      oneMember("standard", { rightsOverrides: { "partner.clients.manage": true } }),
      "u",
      "acme",
    );
    expect(access.rights.has("partner.clients.manage")).toBe(false);
  });

  it("cost one round trip for a direct member", async () => {
    const facts = accessFacts(oneMember("standard"));
    await resolveAccess({ access: facts }, "u", "acme");
    expect(facts.rounds).toBe(1);
  });
});

describe("operators", () => {
  it("hold the partner rights in a partner account", async () => {
    const world: AccountsWorld = {
      ...emptyWorld(),
      accounts: [account("agency", { kind: "partner" })],
      members: [member("agency", "u", "operator")],
    };
    expect(rightsOf(await resolve(world, "u", "agency"))).toEqual([
      "account.read",
      "members.read",
      "partner.clients.manage",
      "partner.reports.receive",
      "resources.read",
      "support.use",
    ]);
  });

  it("keep none of them in a standard account", async () => {
    const access = await resolve(oneMember("operator"), "u", "acme");
    expect(rightsOf(access)).toEqual(["account.read", "members.read", "resources.read", "support.use"]);
  });
});

describe("access through the parent account (SPEC 4 rule 2)", () => {
  const family = (parentRole: Parameters<typeof member>[2], facts: Parameters<typeof member>[3] = {}) => ({
    ...emptyWorld(),
    accounts: [
      account("parent"),
      account("sub", { parentAccountId: "parent" }),
      account("sibling", { parentAccountId: "parent" }),
    ],
    members: [member("parent", "u", parentRole, facts)],
  });

  it("makes the parent's owners and admins admins of every sub-account, without sub-accounts of its own", async () => {
    for (const role of ["owner", "admin"] as const) {
      const access = await resolve(family(role), "u", "sub");
      expect([access.via, access.role, access.resourceDefault]).toEqual(["parent", "admin", "administer"]);
      expect(access.rights.has("members.manage")).toBe(true);
      expect(access.rights.has("subaccounts.manage")).toBe(false);
    }
  });

  it("lets other parent members into the sub-accounts they were granted, with their parent role and overrides", async () => {
    const world = family("standard", { rightsOverrides: { "audit.read": true } });
    world.subaccountGrants.push({ parentAccountId: "parent", subaccountId: "sub", userId: "u" });
    const access = await resolve(world, "u", "sub");
    expect([access.via, access.role]).toEqual(["subaccount-grant", "standard"]);
    expect(access.rights.has("audit.read")).toBe(true);
    expect(await refusal(resolve(world, "u", "sibling"))).toEqual(NOT_FOUND);
  });

  it("gives nothing to an ungranted member, a disabled parent membership, or a sub-account's member in the parent", async () => {
    expect(await refusal(resolve(family("standard"), "u", "sub"))).toEqual(NOT_FOUND);
    expect(await refusal(resolve(family("admin", { status: "disabled" }), "u", "sub"))).toEqual(NOT_FOUND);
    const subMember = { ...family("viewer"), members: [member("sub", "u", "admin")] };
    expect(await refusal(resolve(subMember, "u", "parent"))).toEqual(NOT_FOUND);
  });

  it("never falls through a disabled direct membership to the parent's admin access", async () => {
    const world = family("admin");
    world.members.push(member("sub", "u", "standard", { status: "disabled" }));
    expect(await refusal(resolve(world, "u", "sub"))).toEqual({ status: 403, code: "member_disabled" });
  });
});

describe("access through a managing partner (SPEC 4 rule 3)", () => {
  const managed = (
    delegationEnabled: boolean,
    hostRole: Parameters<typeof member>[2],
    status: "active" | "disabled" = "active",
  ) => ({
    ...emptyWorld(),
    accounts: [account("agency", { kind: "partner" }), account("client", { managedBy: "agency", delegationEnabled })],
    members: [member("agency", "u", hostRole, { status })],
  });

  it("makes the partner's owners and admins host-admins: they read and manage members, and view resources", async () => {
    const access = await resolve(managed(true, "admin"), "u", "client");
    expect([access.via, access.role, access.resourceDefault, access.hostAccountId]).toEqual([
      "host",
      "host-admin",
      "view",
      "agency",
    ]);
    expect(rightsOf(access)).toEqual(["account.read", "members.manage", "members.read", "resources.read"]);
  });

  it("makes the partner's other members host-viewers", async () => {
    const access = await resolve(managed(true, "operator"), "u", "client");
    expect(access.role).toBe("host-viewer");
    expect(rightsOf(access)).toEqual(["account.read", "members.read", "resources.read"]);
  });

  it("ends with delegation, and never reaches a disabled partner member", async () => {
    expect(await refusal(resolve(managed(false, "owner"), "u", "client"))).toEqual(NOT_FOUND);
    expect(await refusal(resolve(managed(true, "admin", "disabled"), "u", "client"))).toEqual(NOT_FOUND);
  });

  it("suspends a membership the partner added in the client while delegation is off", async () => {
    const world = managed(false, "viewer");
    world.members.push(member("client", "helper", "admin", { addedVia: "host" }));
    expect(await refusal(resolve(world, "helper", "client"))).toEqual(NOT_FOUND);
    world.accounts[1] = account("client", { managedBy: "agency", delegationEnabled: true });
    expect((await resolve(world, "helper", "client")).role).toBe("admin");
  });
});

describe("no access", () => {
  it("is not found, whether the account is unknown, deleted or simply not the user's", async () => {
    const world = oneMember("admin");
    world.accounts.push(account("gone", { status: "deleted" }));
    world.members.push(member("gone", "u", "owner"));
    expect(await refusal(resolve(world, "u", "nowhere"))).toEqual(NOT_FOUND);
    expect(await refusal(resolve(world, "u", "gone"))).toEqual(NOT_FOUND);
    expect(await refusal(resolve(world, "stranger", "acme"))).toEqual(NOT_FOUND);
  });

  it("is a refused right for a member without it (403 missing_right), the access for one with it", async () => {
    const deps = { access: accessFacts(oneMember("viewer")) };
    expect(await refusal(authorize(deps, "u", "acme", "members.manage"))).toEqual({
      status: 403,
      code: "missing_right",
    });
    expect((await authorize(deps, "u", "acme", "members.read")).role).toBe("viewer");
  });
});

describe("checkAccess (SPEC 6.8)", () => {
  const world = (): AccountsWorld => ({
    ...oneMember("standard"),
    resources: [resource("acme", "app"), resource("acme", "hidden")],
    resourceGrants: [{ accountId: "acme", resourceId: "app", userId: "u", level: "use" }],
  });
  const ask = (question: {
    userId: string;
    right?: Right;
    resourceId?: string;
    level?: "view" | "use" | "administer";
  }) => checkAccess({ access: accessFacts(world()) }, [{ accountId: "acme", ...question }]).then(([answer]) => answer);

  it("answers with the role, the rights and the level on a resource", async () => {
    expect(await ask({ userId: "u", right: "support.use", resourceId: "app", level: "use" })).toMatchObject({
      allowed: true,
      role: "standard",
      via: "member",
      resourceLevel: "use",
    });
    expect(await ask({ userId: "u", resourceId: "app", level: "administer" })).toMatchObject({ allowed: false });
    expect(await ask({ userId: "u", resourceId: "hidden" })).toMatchObject({ allowed: false, resourceLevel: "none" });
    expect(await ask({ userId: "u", right: "audit.read" })).toMatchObject({ allowed: false, role: "standard" });
  });

  it("says no without saying why to a stranger or a disabled member", async () => {
    const none = { allowed: false, role: null, via: null, rights: [], resourceLevel: null };
    expect(await ask({ userId: "stranger" })).toEqual(none);
    const disabled = await checkAccess({ access: accessFacts(oneMember("admin", { status: "disabled" })) }, [
      { userId: "u", accountId: "acme" },
    ]);
    expect(disabled).toEqual([none]);
  });
});

describe("mayHaveSubaccounts: whether a top-level account's links are worth a Query", () => {
  it("is false for a top-level account whose count of sub-account changes is still 0", () => {
    expect(mayHaveSubaccounts({ subaccountsVersion: 0 })).toBe(false);
  });

  it("is true once a sub-account was created, even if every one has since gone", () => {
    expect(mayHaveSubaccounts({ subaccountsVersion: 1 })).toBe(true);
    expect(mayHaveSubaccounts({ subaccountsVersion: 2 })).toBe(true);
  });

  it("is true for an account older than the count: it could have sub-accounts", () => {
    expect(mayHaveSubaccounts({})).toBe(true);
  });

  it("is false for a sub-account: sub-accounts have none of their own", () => {
    expect(mayHaveSubaccounts({ parentAccountId: "acme", subaccountsVersion: undefined })).toBe(false);
  });
});
