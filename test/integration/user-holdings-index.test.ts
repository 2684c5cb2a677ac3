import { randomUUID } from "node:crypto";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { describe, expect, inject, it } from "vitest";
import { accountsPersonalData } from "../../services/accounts/src/contracts/personal-data-provider.ts";
import { createBatchLoader } from "../../shared/src/table/batch-get.ts";
import { memberSearchText } from "../../shared/src/table/entities/accounts/membership.ts";
import { createTableService } from "../../shared/src/table/entities.ts";
import { api, inviteNewMember, registerVerifiedUser } from "../harness/api.ts";
import { eventually, testTable } from "./privacy-fixtures.ts";

/**
 * A user's sub-account grants and resource access are on the `byUser` index beside their
 * memberships: one Query of `USER#<id>` reads all three, and every write path keeps them there.
 */
const { client, table } = testTable();
const tableName = inject("resources").tableName;
const { account, membership, resource, resourceAccess, subaccountGrant } = table.entities;
const at = "2026-01-01T00:00:00.000Z";

/** The emulators' client, counting the calls it sends by operation. */
const countingClient = () => {
  const calls: Record<string, number> = {};
  const send = (command: { constructor: { name: string } }) => {
    const operation = command.constructor.name.replace(/Command$/, "");
    calls[operation] = (calls[operation] ?? 0) + 1;
    return client.send(command as never);
  };
  const counting = new Proxy(client, {
    get: (real, name) => (name === "send" ? send : Reflect.get(real, name)),
  }) as DynamoDBDocumentClient;
  return { counting, calls };
};

/** What the `byUser` index holds for the user, as the accounts entities read it. */
const onUserIndex = async (userId: string) => {
  const [grants, access, memberships] = await Promise.all([
    subaccountGrant.query.byUser({ userId }).go({ pages: "all" }),
    resourceAccess.query.byUser({ userId }).go({ pages: "all" }),
    membership.query.byUser({ userId }).go({ pages: "all" }),
  ]);
  return {
    memberships: memberships.data.map((m) => m.accountId),
    grants: grants.data.map((g) => `${g.parentAccountId}>${g.subaccountId}`),
    access: access.data.map((a) => `${a.accountId}/${a.resourceId}=${a.level}`),
  };
};

const expectStatus = async (request: Promise<{ status: number }>, status: number) =>
  expect((await request).status).toBe(status);
const newId = (label: string) => `01HOLD${label}${randomUUID().slice(0, 8).toUpperCase()}`;

const putAccount = (accountId: string, name: string) =>
  account.put({ accountId, name, billingAccountId: accountId, createdAt: at, updatedAt: at }).go();

const putMember = (accountId: string, userId: string) =>
  membership
    .put({
      accountId,
      userId,
      role: "standard",
      fullName: "Holder",
      searchText: memberSearchText({ fullName: "Holder" }),
      addedBy: "U-SEEDER",
      createdAt: at,
      updatedAt: at,
    })
    .go();

const putAccess = (accountId: string, userId: string, resourceId: string, level: "view" | "use") =>
  resourceAccess.put({ accountId, userId, resourceId, level, grantedBy: "U-SEEDER", updatedAt: at }).go();

describe("a user's holdings on the byUser index", () => {
  it("exports memberships, grants and access in 3 accounts and their sub-accounts from one Query", async () => {
    const userId = newId("USER");
    const [a0, a1, a2] = [newId("A0"), newId("A1"), newId("A2")];
    const [s0, s1, stale] = [newId("S0"), newId("S1"), newId("STALE")];
    await Promise.all([
      ...[a0, a1, a2].map((accountId, i) => putAccount(accountId, `Account ${i}`)),
      ...[a0, a1, a2].map((accountId) => putMember(accountId, userId)),
      ...[a0, a1, a2].flatMap((accountId) => [
        putAccess(accountId, userId, "R2", "use"),
        putAccess(accountId, userId, "R1", "view"),
      ]),
      subaccountGrant.put({ parentAccountId: a0, userId, subaccountId: s0, grantedBy: "U-SEEDER", createdAt: at }).go(),
      subaccountGrant.put({ parentAccountId: a2, userId, subaccountId: s1, grantedBy: "U-SEEDER", createdAt: at }).go(),
      // Access in sub-accounts reached through the grants, and in one whose grant was withdrawn.
      putAccess(s0, userId, "R9", "view"),
      putAccess(s1, userId, "R8", "use"),
      putAccess(stale, userId, "R7", "use"),
    ]);
    const { counting, calls } = countingClient();
    const provider = accountsPersonalData(
      createTableService(counting, tableName),
      createBatchLoader(counting, tableName),
    );

    const sections = await provider.collect(userId);

    // The document client's commands: one Query of the user's partition, one BatchGetItem of account names.
    expect(calls).toEqual({ Query: 1, BatchGet: 1 });
    const rows = (name: string) => sections.find((s) => s.section === name)?.rows ?? [];
    expect(rows("memberships").map((m) => [m.accountId, m.accountName])).toEqual([
      [a0, "Account 0"],
      [a1, "Account 1"],
      [a2, "Account 2"],
    ]);
    expect(rows("subaccount_grants").map((g) => [g.parentAccountId, g.subaccountId])).toEqual([
      [a0, s0],
      [a2, s1],
    ]);
    // Account by account as the user reaches them (memberships, then granted sub-accounts), each by resource.
    expect(rows("resource_access").map((a) => [a.accountId, a.resourceId, a.level])).toEqual([
      [a0, "R1", "view"],
      [a0, "R2", "use"],
      [a1, "R1", "view"],
      [a1, "R2", "use"],
      [a2, "R1", "view"],
      [a2, "R2", "use"],
      [s0, "R9", "view"],
      [s1, "R8", "use"],
    ]);

    const erased = await provider.erase(userId);

    expect(erased).toBe(3 + 2 + 9);
    expect(await onUserIndex(userId)).toEqual({ memberships: [], grants: [], access: [] });
    expect((await resourceAccess.get({ accountId: stale, userId, resourceId: "R7" }).go()).data).toBeNull();
  });

  it("keeps the index in step as access is granted, changed and removed, grants are set and withdrawn, and the member removed", async () => {
    const owner = await registerVerifiedUser();
    const base = `/v1/accounts/${owner.accountId}`;
    const as = { token: owner.accessToken };
    const crm = (await api("POST", `${base}/resources`, { ...as, body: { type: "application", name: "CRM" } })).body
      .resourceId as string;
    const subaccount = async (name: string) =>
      (await api("POST", `${base}/subaccounts`, { ...as, body: { name, externalId: newId("EXT") } })).body
        .accountId as string;
    const [sub1, sub2] = [await subaccount("Branch 1"), await subaccount("Branch 2")];
    const member = await inviteNewMember(owner.accessToken, owner.accountId, "standard");
    const access = `${base}/resources/${crm}/access/${member.userId}`;
    const grants = `${base}/members/${member.userId}/subaccounts`;

    await expectStatus(api("PUT", access, { ...as, body: { level: "use" } }), 200);
    await expectStatus(api("PUT", grants, { ...as, body: { subaccountIds: [sub1, sub2] } }), 200);
    expect(await onUserIndex(member.userId)).toEqual({
      memberships: [owner.accountId],
      grants: [`${owner.accountId}>${sub1}`, `${owner.accountId}>${sub2}`].sort(),
      access: [`${owner.accountId}/${crm}=use`],
    });

    await expectStatus(api("PUT", access, { ...as, body: { level: "administer" } }), 200);
    await expectStatus(api("PUT", grants, { ...as, body: { subaccountIds: [sub2] } }), 200);
    expect(await onUserIndex(member.userId)).toMatchObject({
      grants: [`${owner.accountId}>${sub2}`],
      access: [`${owner.accountId}/${crm}=administer`],
    });

    // DELETE records `none` (an explicit removal), the item stays with its keys.
    await expectStatus(api("DELETE", access, as), 200);
    expect((await onUserIndex(member.userId)).access).toEqual([`${owner.accountId}/${crm}=none`]);

    await expectStatus(api("DELETE", `${base}/members/${member.userId}`, as), 204);
    expect(await onUserIndex(member.userId)).toEqual({ memberships: [], grants: [], access: [] });
  });

  it("drops a sub-account's memberships and access from its members' index when the sub-account is deleted", async () => {
    const owner = await registerVerifiedUser();
    const as = { token: owner.accessToken };
    const sub = (
      await api("POST", `/v1/accounts/${owner.accountId}/subaccounts`, {
        ...as,
        body: { name: "Branch", externalId: newId("EXT") },
      })
    ).body.accountId as string;
    const app = (
      await api("POST", `/v1/accounts/${sub}/resources`, { ...as, body: { type: "application", name: "POS" } })
    ).body.resourceId as string;
    const member = await inviteNewMember(owner.accessToken, sub, "standard");
    const set = await api("PUT", `/v1/accounts/${sub}/resources/${app}/access/${member.userId}`, {
      ...as,
      body: { level: "use" },
    });
    expect(set.status).toBe(200);
    expect(await onUserIndex(member.userId)).toEqual({ memberships: [sub], grants: [], access: [`${sub}/${app}=use`] });

    expect((await api("DELETE", `/v1/accounts/${sub}`, as)).status).toBe(204);

    // The AccountDeleted consumer purges the sub-account's partition; its index entries go with the items.
    const emptied = await eventually(
      async () => {
        const held = await onUserIndex(member.userId);
        return held.memberships.length + held.access.length === 0 && held;
      },
      { what: "the sub-account's purge" },
    );
    expect(emptied).toEqual({ memberships: [], grants: [], access: [] });
  });

  it("drops a deleted sub-account's grants from its parent and from the members' index", async () => {
    const owner = await registerVerifiedUser();
    const as = { token: owner.accessToken };
    const createSub = async (name: string) =>
      (
        await api("POST", `/v1/accounts/${owner.accountId}/subaccounts`, {
          ...as,
          body: { name, externalId: newId("EXT") },
        })
      ).body.accountId as string;
    const [kept, deleted] = [await createSub("Kept"), await createSub("Deleted")];
    const members = await Promise.all([
      inviteNewMember(owner.accessToken, owner.accountId, "standard"),
      inviteNewMember(owner.accessToken, owner.accountId, "viewer"),
    ]);
    for (const member of members) {
      const grants = `/v1/accounts/${owner.accountId}/members/${member.userId}/subaccounts`;
      await expectStatus(api("PUT", grants, { ...as, body: { subaccountIds: [kept, deleted] } }), 200);
    }

    expect((await api("DELETE", `/v1/accounts/${deleted}`, as)).status).toBe(204);

    for (const member of members) {
      const held = await eventually(
        async () => {
          const { grants } = await onUserIndex(member.userId);
          return grants.length === 1 && grants;
        },
        { what: "the deleted sub-account's grants removed" },
      );
      expect(held).toEqual([`${owner.accountId}>${kept}`]);
      const shown = await api("GET", `/v1/accounts/${owner.accountId}/members/${member.userId}/subaccounts`, as);
      expect(shown.body.subaccountIds).toEqual([kept]);
    }
  });

  it("finds by user only what the user holds (another user's grant and access in the same accounts stay out)", async () => {
    const [holder, other] = [newId("HOLDER"), newId("OTHER")];
    const accountId = newId("SHARED");
    await Promise.all([
      putAccess(accountId, holder, "R1", "view"),
      putAccess(accountId, other, "R1", "use"),
      subaccountGrant
        .put({ parentAccountId: accountId, userId: other, subaccountId: "S", grantedBy: "U", createdAt: at })
        .go(),
      resource
        .put({
          accountId,
          resourceId: "R1",
          type: "application",
          name: "CRM",
          createdBy: "U",
          createdAt: at,
          updatedAt: at,
        })
        .go(),
    ]);
    expect(await onUserIndex(holder)).toEqual({ memberships: [], grants: [], access: [`${accountId}/R1=view`] });
  });
});
