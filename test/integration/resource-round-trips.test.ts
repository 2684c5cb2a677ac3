import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { CLAIMED_MINIMUM_ROUND_TRIPS } from "../../bench/route-round-trips.ts";
import type { Caller } from "../../services/accounts/src/use-cases/dependencies.ts";
import { createSubaccount } from "../../services/accounts/src/use-cases/hierarchy/create-subaccount.ts";
import { setSubaccountGrants } from "../../services/accounts/src/use-cases/hierarchy/set-subaccount-grants.ts";
import { acceptInvitation } from "../../services/accounts/src/use-cases/invitations/accept-invitation.ts";
import { createInvitation } from "../../services/accounts/src/use-cases/invitations/invite-member.ts";
import { createResource } from "../../services/accounts/src/use-cases/resources/create-resource.ts";
import { getResource } from "../../services/accounts/src/use-cases/resources/get-resource.ts";
import { setResourceAccess } from "../../services/accounts/src/use-cases/resources/set-resource-access.ts";
import { updateResource } from "../../services/accounts/src/use-cases/resources/update-resource.ts";
import { registerVerifiedUser, type TestUser } from "../harness/api.ts";
import { accountsOnTable, callerOf, measured, roundTripMeta, tokenOf } from "./accounts-round-trip-fixtures.ts";

/**
 * The DynamoDB calls of the resource routes and of a member's sub-account grants, counted on the
 * real adapters against DynamoDB Local: the target items' keys are known, so they ride in the access
 * check's BatchGetItem; a change is then one transaction.
 */
describe("resource and grant round trips", () => {
  const deps = accountsOnTable();
  let owner: TestUser;
  let caller: Caller;
  let memberId: string;
  let resourceId: string;

  beforeAll(async () => {
    owner = await registerVerifiedUser({ fullName: "Rhea Resource" });
    caller = callerOf(owner.userId);
    const member = await registerVerifiedUser();
    const invited = (await createInvitation(deps, caller, owner.accountId, {
      email: member.email,
      role: "standard",
    })) as { link: string };
    await acceptInvitation(deps, tokenOf(invited.link), undefined, {
      authorization: `as:${member.userId}`,
      meta: roundTripMeta,
    });
    memberId = member.userId;
    const created = await createResource(deps, caller, owner.accountId, { type: "application", name: "Round trips" });
    resourceId = created.view.resourceId;
  });

  it("reads a resource in one BatchGetItem", async () => {
    const { value, operations } = await measured(() => getResource(deps, caller, owner.accountId, resourceId));
    expect(value?.view.name).toBe("Round trips");
    expect(operations).toEqual(["BatchGetItem"]);
    expect(operations).toHaveLength(CLAIMED_MINIMUM_ROUND_TRIPS.getResource.minimum);
  });

  it("updates a resource in two: the access check with the resource, then one transaction", async () => {
    const { value, error, operations } = await measured(() =>
      updateResource(deps, caller, owner.accountId, resourceId, { name: "Renamed" }, undefined),
    );
    expect(error).toBeUndefined();
    expect(value?.view.name).toBe("Renamed");
    expect(operations).toEqual(["BatchGetItem", "TransactWriteItems"]);
    expect(operations).toHaveLength(CLAIMED_MINIMUM_ROUND_TRIPS.updateResource.minimum);
  });

  it("sets and removes a member's access in two: the access check with the member, then one transaction", async () => {
    const set = await measured(() => setResourceAccess(deps, caller, owner.accountId, resourceId, memberId, "use"));
    expect(set.error).toBeUndefined();
    expect(set.operations).toEqual(["BatchGetItem", "TransactWriteItems"]);
    expect(set.operations).toHaveLength(CLAIMED_MINIMUM_ROUND_TRIPS.setResourceAccess.minimum);
    const removed = await measured(() =>
      setResourceAccess(deps, caller, owner.accountId, resourceId, memberId, "none"),
    );
    expect(removed.error).toBeUndefined();
    expect(removed.operations).toHaveLength(CLAIMED_MINIMUM_ROUND_TRIPS.removeResourceAccess.minimum);
  });

  it("sets sub-account grants in three: access with member and sub-accounts, the current grants, one transaction", async () => {
    const sub = (await createSubaccount(deps, caller, owner.accountId, {
      name: "Branch",
      externalId: `ext-${randomUUID()}`,
    })) as { accountId: string };
    const { value, error, operations } = await measured(() =>
      setSubaccountGrants(deps, caller, owner.accountId, memberId, [sub.accountId]),
    );
    expect(error).toBeUndefined();
    expect(value?.subaccountIds).toEqual([sub.accountId]);
    expect(operations).toEqual(["BatchGetItem", "Query", "TransactWriteItems"]);
    expect(operations).toHaveLength(CLAIMED_MINIMUM_ROUND_TRIPS.setSubaccountGrants.minimum);
  });
});
