import { describe, expect, it } from "vitest";
import type { Access } from "../../services/accounts/src/domain/access.ts";
import { effectiveRights, RIGHTS, rightApplies, rightsCatalog } from "../../services/accounts/src/domain/rights.ts";
import { isPrivileged, needsEmail, type Role, roleApplies } from "../../services/accounts/src/domain/roles.ts";
import { resolveAccess } from "../../services/accounts/src/use-cases/access/resolve-access.ts";
import {
  assertMayGrantRole,
  assertRoleNeedsNoMissingEmail,
} from "../../services/accounts/src/use-cases/access/role-grants.ts";
import { Problem } from "../../shared/src/http/problem.ts";
import { accessFacts, account, emptyWorld, member } from "./accounts-fakes.ts";

/** SPEC section 3: which rights exist where, and who may hand out which role. */

const partnerTop = { kind: "partner", isSubaccount: false } as const;
const standardTop = { kind: "standard", isSubaccount: false } as const;
const standardSub = { kind: "standard", isSubaccount: true } as const;

describe("rightApplies", () => {
  it("keeps the partner rights to partner accounts", () => {
    expect(rightApplies("partner.clients.manage", partnerTop)).toBe(true);
    expect(rightApplies("partner.reports.receive", partnerTop)).toBe(true);
    expect(rightApplies("partner.clients.manage", standardTop)).toBe(false);
    expect(rightApplies("partner.reports.receive", standardSub)).toBe(false);
  });

  it("keeps subaccounts.manage to top-level accounts", () => {
    expect(rightApplies("subaccounts.manage", standardTop)).toBe(true);
    expect(rightApplies("subaccounts.manage", partnerTop)).toBe(true);
    expect(rightApplies("subaccounts.manage", standardSub)).toBe(false);
  });

  it("lets every other right exist everywhere", () => {
    const everywhere = RIGHTS.filter((right) => !right.startsWith("partner.") && right !== "subaccounts.manage");
    for (const right of everywhere) {
      expect([standardTop, standardSub, partnerTop].every((shape) => rightApplies(right, shape))).toBe(true);
    }
  });

  it("is what the catalog says of each right", () => {
    const appliesTo = Object.fromEntries(rightsCatalog().rights.map((r) => [r.right, r.appliesTo ?? "all"]));
    expect(appliesTo["partner.clients.manage"]).toBe("partner");
    expect(appliesTo["subaccounts.manage"]).toBe("top-level");
    expect(appliesTo["members.manage"]).toBe("all");
  });
});

describe("effectiveRights", () => {
  it("drops the rights an account does not have, whatever the role or override", () => {
    expect(effectiveRights("admin", undefined, standardSub).has("subaccounts.manage")).toBe(false);
    expect(effectiveRights("admin", { "subaccounts.manage": true }, standardSub).has("subaccounts.manage")).toBe(false);
    expect(effectiveRights("owner", undefined, partnerTop).has("partner.reports.receive")).toBe(true);
  });

  it("ignores what is not a right at all", () => {
    const overrides = { "root.everything": true } as unknown as Parameters<typeof effectiveRights>[1];
    expect([...effectiveRights("viewer", overrides, standardTop)].sort()).toEqual([
      "account.read",
      "members.read",
      "resources.read",
    ]);
  });
});

describe("roles", () => {
  it("know who is privileged, who needs an email, and that operators belong to partners", () => {
    expect((["owner", "admin", "standard", "viewer", "operator"] as Role[]).filter(isPrivileged)).toEqual([
      "owner",
      "admin",
    ]);
    expect((["owner", "admin", "standard", "viewer", "operator"] as Role[]).filter(needsEmail)).toEqual([
      "owner",
      "admin",
      "operator",
    ]);
    expect(roleApplies("operator", { kind: "standard" })).toBe(false);
    expect(roleApplies("operator", { kind: "partner" })).toBe(true);
    expect(roleApplies("viewer", { kind: "standard" })).toBe(true);
  });

  it("refuse an owner, admin or operator without an email", () => {
    expect(() => assertRoleNeedsNoMissingEmail("operator", undefined)).toThrow(/email_required/);
    expect(() => assertRoleNeedsNoMissingEmail("viewer", undefined)).not.toThrow();
  });
});

describe("granting roles (nobody grants what they do not hold)", () => {
  const accessAs = async (role: Role, facts: Parameters<typeof account>[1] = {}): Promise<Access> =>
    resolveAccess(
      {
        access: accessFacts({
          ...emptyWorld(),
          accounts: [account("acme", facts)],
          members: [member("acme", "u", role)],
        }),
      },
      "u",
      "acme",
    );
  const refusalOf = (grant: () => void) => {
    try {
      grant();
    } catch (error) {
      if (error instanceof Problem) return `${error.status} ${error.code}`;
      throw error;
    }
    return "granted";
  };

  it("moves ownership only by transfer", async () => {
    const owner = await accessAs("owner");
    expect(refusalOf(() => assertMayGrantRole(owner, "owner"))).toBe("422 owner_transfer_required");
  });

  it("offers the operator role only in partner accounts", async () => {
    const owner = await accessAs("owner");
    expect(refusalOf(() => assertMayGrantRole(owner, "operator"))).toBe("422 role_not_available");
    const partnerAdmin = await accessAs("admin", { kind: "partner" });
    expect(refusalOf(() => assertMayGrantRole(partnerAdmin, "operator"))).toBe("granted");
  });

  it("lets admins make admins only while the account allows it, and standard members make no one above them", async () => {
    const admin = await accessAs("admin");
    expect(refusalOf(() => assertMayGrantRole(admin, "admin"))).toBe("granted");
    const restricted = await accessAs("admin", { adminsCanGrantAdmin: false });
    expect(refusalOf(() => assertMayGrantRole(restricted, "admin"))).toBe("403 cannot_grant_role");
    expect(refusalOf(() => assertMayGrantRole(restricted, "standard"))).toBe("granted");
    const owner = await accessAs("owner", { adminsCanGrantAdmin: false });
    expect(refusalOf(() => assertMayGrantRole(owner, "admin"))).toBe("granted");
    const viewer = await accessAs("viewer");
    expect(refusalOf(() => assertMayGrantRole(viewer, "standard"))).toBe("403 cannot_grant_role");
    expect(refusalOf(() => assertMayGrantRole(viewer, "viewer"))).toBe("granted");
  });
});
