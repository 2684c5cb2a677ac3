import { describe, expect, it } from "vitest";
import {
  type Access,
  type AccountFacts,
  addedViaOf,
  suspendedWithDelegation,
} from "../../services/accounts/src/domain/access.ts";

const managed = (delegationEnabled: boolean): AccountFacts => ({
  accountId: "client",
  name: "Client",
  kind: "standard",
  status: "active",
  managedBy: "partner",
  delegationEnabled,
  adminsCanGrantAdmin: true,
  version: 1,
});

const accessVia = (via: Access["via"], membershipAddedVia?: Access["via"]): Access =>
  ({
    userId: "u",
    account: managed(true),
    via,
    role: "admin",
    rights: new Set(),
    resourceDefault: "administer",
    membership: {
      accountId: "x",
      userId: "u",
      role: "admin",
      status: "active",
      version: 1,
      addedVia: membershipAddedVia,
    },
  }) as Access;

describe("memberships added through host access", () => {
  it("are suspended exactly while the governing account does not delegate", () => {
    const member = { addedVia: "host" as const, role: "admin" as const };
    expect(suspendedWithDelegation(member, managed(true))).toBe(false);
    expect(suspendedWithDelegation(member, managed(false))).toBe(true);
    expect(suspendedWithDelegation(member, { managedBy: undefined, delegationEnabled: undefined })).toBe(true);
    expect(suspendedWithDelegation(member, undefined)).toBe(true);
  });

  it("never suspend the owner or members the account's own people added", () => {
    expect(suspendedWithDelegation({ addedVia: "host", role: "owner" }, managed(false))).toBe(false);
    expect(suspendedWithDelegation({ addedVia: "member", role: "admin" }, managed(false))).toBe(false);
    expect(suspendedWithDelegation({ role: "viewer" }, managed(false))).toBe(false);
  });

  it("taint what a host-added member adds, so host access cannot be laundered through one hop", () => {
    expect(addedViaOf(accessVia("host"))).toBe("host");
    expect(addedViaOf(accessVia("member", "host"))).toBe("host");
    expect(addedViaOf(accessVia("parent", "host"))).toBe("host");
    expect(addedViaOf(accessVia("member"))).toBe("member");
    expect(addedViaOf(accessVia("parent", "member"))).toBe("parent");
  });
});
