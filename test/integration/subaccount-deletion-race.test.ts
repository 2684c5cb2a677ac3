import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deleteAccount } from "../../services/accounts/src/use-cases/accounts/delete-account.ts";
import type { AccountsDependencies } from "../../services/accounts/src/use-cases/dependencies.ts";
import { createSubaccount } from "../../services/accounts/src/use-cases/hierarchy/create-subaccount.ts";
import { Problem } from "../../shared/src/http/problem.ts";
import { memberSearchText } from "../../shared/src/table/entities/accounts/membership.ts";
import { accountsOnTable, callerOf } from "./accounts-round-trip-fixtures.ts";
import { testTable } from "./privacy-fixtures.ts";

/**
 * No sub-account outlives its parent, and none is deleted with it unasked: a deletion of a
 * top-level account racing the creation of its sub-accounts either fails, or takes along every
 * sub-account that was created (with `?cascade=true`) or finds none was (without).
 */
describe("deleting a parent while its sub-accounts are being created", () => {
  const deps = accountsOnTable();
  const { table } = testTable();
  const { account, accountLink, externalIdClaim, membership } = table.entities;
  const at = "2026-01-01T00:00:00.000Z";
  const CREATORS = 20;

  /** A top-level account and its owner, written directly (no sign-up: the race is on the table). */
  const seedParent = async () => {
    const accountId = `01SUBRACE${randomUUID().slice(0, 8).toUpperCase()}`;
    const ownerId = `U-OWNER-${accountId}`;
    await account
      .put({
        accountId,
        name: "Raced Parent",
        kind: "standard",
        status: "active",
        billingAccountId: accountId,
        ownerUserId: ownerId,
        adminsCanGrantAdmin: true,
        version: 1,
        createdAt: at,
        updatedAt: at,
      })
      .go();
    await membership
      .put({
        accountId,
        userId: ownerId,
        role: "owner",
        status: "active",
        fullName: "Raced Owner",
        searchText: memberSearchText({ fullName: "Raced Owner" }),
        addedBy: ownerId,
        version: 1,
        createdAt: at,
        updatedAt: at,
      })
      .go();
    return { accountId, ownerId };
  };

  /** A sub-account as written before parents counted their sub-account changes: no `subaccountsVersion`. */
  const seedEarlierSubaccount = async (parentAccountId: string) => {
    const childAccountId = `${parentAccountId}-EARLIER`;
    const externalId = "earlier";
    await account
      .put({
        accountId: childAccountId,
        name: "Earlier",
        kind: "standard",
        status: "active",
        parentAccountId,
        externalId,
        billingAccountId: parentAccountId,
        adminsCanGrantAdmin: true,
        version: 1,
        createdAt: at,
        updatedAt: at,
      })
      .go();
    await accountLink
      .put({ parentAccountId, relation: "sub", childAccountId, name: "Earlier", externalId, createdAt: at })
      .go();
    await externalIdClaim.put({ parentAccountId, externalId, childAccountId }).go();
    return childAccountId;
  };

  const statusOf = async (accountId: string) =>
    (await account.get({ accountId }).go({ consistent: true })).data?.status;

  const create = (d: AccountsDependencies, parent: { accountId: string; ownerId: string }, i: number) =>
    createSubaccount(d, callerOf(parent.ownerId), parent.accountId, { name: `Child ${i}`, externalId: `ext-${i}` });

  const problemOf = (result: PromiseSettledResult<unknown>) => {
    if (result.status === "fulfilled") return undefined;
    expect(result.reason).toBeInstanceOf(Problem);
    return result.reason as Problem;
  };

  it.each(
    Array.from({ length: 8 }, (_, run) => [run % 2 === 0 ? "with" : "without", run % 4 >= 2 ? "one" : "no", run]),
  )(
    "a deletion %s cascade of a parent with %s earlier sub-account, racing 20 creations (run %i)",
    async (cascadeLabel, earlierLabel) => {
      const cascade = cascadeLabel === "with";
      const parent = await seedParent();
      const earlier = earlierLabel === "one" ? [await seedEarlierSubaccount(parent.accountId)] : [];
      const [deletion, ...creations] = await Promise.allSettled([
        deleteAccount(deps, callerOf(parent.ownerId), parent.accountId, cascade),
        ...Array.from({ length: CREATORS }, (_, i) => create(deps, parent, i)),
      ]);
      const created = creations.flatMap((c) => (c.status === "fulfilled" ? [c.value.accountId] : []));
      // A creation fails only because the parent is gone.
      for (const refused of creations.map(problemOf)) if (refused) expect(refused.status).toBe(404);

      const parentStatus = await statusOf(parent.accountId);
      expect(parentStatus).toBe(deletion?.status === "fulfilled" ? "deleted" : "active");
      const children = await Promise.all([...earlier, ...created].map(statusOf));
      // The invariant: no sub-account is left active under a deleted parent.
      if (parentStatus === "deleted") expect(children.filter((s) => s !== "deleted")).toEqual([]);
      else expect(children.filter((s) => s !== "active")).toEqual([]);

      const refusal = deletion ? problemOf(deletion) : undefined;
      if (refusal) {
        expect(refusal.status).toBe(409);
        expect(["has_subaccounts", "account_changed"]).toContain(refusal.code);
      } else if (!cascade) {
        // Without cascade a deletion succeeds only when there was no sub-account, nor was one created.
        expect([...earlier, ...created]).toEqual([]);
      }
    },
    30_000,
  );

  it("fails a deletion that listed the links before a sub-account was created, with or without cascade", async () => {
    for (const cascade of [true, false]) {
      const parent = await seedParent();
      let createdMeanwhile: string | undefined;
      // The creation lands exactly between the deletion's listing of the links and its transaction.
      const listedThenCreated: AccountsDependencies = {
        ...deps,
        hierarchy: {
          ...deps.hierarchy,
          async allLinks(...args) {
            const links = await deps.hierarchy.allLinks(...args);
            createdMeanwhile = (await create(deps, parent, 0)).accountId;
            return links;
          },
        },
      };
      const refused = await deleteAccount(listedThenCreated, callerOf(parent.ownerId), parent.accountId, cascade).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toMatchObject({ status: 409, code: "account_changed" });
      expect(await statusOf(parent.accountId)).toBe("active");
      expect(await statusOf(createdMeanwhile as string)).toBe("active");
    }
  });

  it("deletes a parent whose sub-accounts predate the counter, and its counter moves with each change", async () => {
    const parent = await seedParent();
    const earlier = await seedEarlierSubaccount(parent.accountId);
    const sub = await create(deps, parent, 1);
    expect((await account.get({ accountId: parent.accountId }).go({ consistent: true })).data?.subaccountsVersion).toBe(
      1,
    );
    await deleteAccount(deps, callerOf(parent.ownerId), sub.accountId, false);
    expect((await account.get({ accountId: parent.accountId }).go({ consistent: true })).data?.subaccountsVersion).toBe(
      2,
    );
    await deleteAccount(deps, callerOf(parent.ownerId), parent.accountId, true);
    expect(await Promise.all([parent.accountId, earlier, sub.accountId].map(statusOf))).toEqual([
      "deleted",
      "deleted",
      "deleted",
    ]);
  });
});
