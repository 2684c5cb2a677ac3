import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, inject, it } from "vitest";
import { addManagedMember, api, inviteNewMember, registerVerifiedUser } from "../harness/api.ts";
import { testTable } from "./privacy-fixtures.ts";

const statuses = (responses: Array<{ status: number }>) =>
  responses.reduce<Record<number, number>>((counts, r) => {
    counts[r.status] = (counts[r.status] ?? 0) + 1;
    return counts;
  }, {});

const auditActions = async (token: string, accountId: string) => {
  const { body } = await api("GET", `/v1/accounts/${accountId}/audit?limit=100`, { token });
  return (body.items as Array<{ action: string; targetId: string }>).map((e) => `${e.action}:${e.targetId}`);
};

/** Outbox items of one type that mention the id: what the relay publishes, exactly once per change. */
const outboxEvents = async (detailType: string, id: string) => {
  const { client } = testTable();
  const found: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: inject("resources").tableName,
        FilterExpression: "detailType = :type AND contains(detail, :id)",
        ExpressionAttributeValues: { ":type": detailType, ":id": id },
        ExclusiveStartKey: startKey,
      }),
    );
    found.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return found;
};

describe("If-Match is the write's own condition (no lost update)", () => {
  it("30 parallel renames of a member with one ETag: one 200, 29 × 412, one audit entry, one event", async () => {
    const owner = await registerVerifiedUser();
    const member = await addManagedMember(owner.accessToken, owner.accountId, "standard");
    const path = `/v1/accounts/${owner.accountId}/members/${member.userId}`;
    const read = await api("GET", path, { token: owner.accessToken });
    const etag = read.headers.get("etag") as string;

    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        api("PATCH", path, {
          token: owner.accessToken,
          headers: { "if-match": etag },
          body: { fullName: `Racer ${i}` },
        }),
      ),
    );
    expect(statuses(responses)).toEqual({ 200: 1, 412: 29 });
    const winner = responses.find((r) => r.status === 200);
    const now = await api("GET", path, { token: owner.accessToken });
    expect(now.body.fullName).toBe(winner?.body.fullName);
    expect(now.headers.get("etag")).toBe(winner?.headers.get("etag"));
    const renames = (await auditActions(owner.accessToken, owner.accountId)).filter(
      (a) => a === `user.renamed:${member.userId}`,
    );
    expect(renames).toHaveLength(1);
    expect(await outboxEvents("ProfileUpdated", member.userId)).toHaveLength(1);
  });

  it("a 412 changes nothing, also when the rename comes with a role change", async () => {
    const owner = await registerVerifiedUser();
    const member = await addManagedMember(owner.accessToken, owner.accountId, "standard");
    const path = `/v1/accounts/${owner.accountId}/members/${member.userId}`;
    const stale = (await api("GET", path, { token: owner.accessToken })).headers.get("etag") as string;
    expect((await api("PATCH", path, { token: owner.accessToken, body: { role: "viewer" } })).status).toBe(200);

    const refused = await api("PATCH", path, {
      token: owner.accessToken,
      headers: { "if-match": stale },
      body: { fullName: "Should Not Stick", role: "standard" },
    });
    expect(refused.status).toBe(412);
    expect(refused.body.code).toBe("stale_etag");
    const after = await api("GET", path, { token: owner.accessToken });
    expect(after.body).toMatchObject({ fullName: "Managed standard", role: "viewer" });
    expect(await auditActions(owner.accessToken, owner.accountId)).not.toContain(`user.renamed:${member.userId}`);
    expect(await outboxEvents("ProfileUpdated", member.userId)).toHaveLength(0);
  });

  it("30 parallel PATCHes of an account and of a resource with one ETag: exactly one wins each", async () => {
    const owner = await registerVerifiedUser();
    const accountPath = `/v1/accounts/${owner.accountId}`;
    const accountEtag = (await api("GET", accountPath, { token: owner.accessToken })).headers.get("etag") as string;
    const created = await api("POST", `${accountPath}/resources`, {
      token: owner.accessToken,
      body: { type: "project", name: "Raced" },
    });
    const resourcePath = `${accountPath}/resources/${created.body.resourceId}`;
    const resourceEtag = created.headers.get("etag") as string;

    const [accounts, resources] = await Promise.all([
      Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          api("PATCH", accountPath, {
            token: owner.accessToken,
            headers: { "if-match": accountEtag },
            body: { name: `Account ${i}` },
          }),
        ),
      ),
      Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          api("PATCH", resourcePath, {
            token: owner.accessToken,
            headers: { "if-match": resourceEtag },
            body: { name: `Resource ${i}` },
          }),
        ),
      ),
    ]);
    expect(statuses(accounts)).toEqual({ 200: 1, 412: 29 });
    expect(statuses(resources)).toEqual({ 200: 1, 412: 29 });
    const actions = await auditActions(owner.accessToken, owner.accountId);
    expect(actions.filter((a) => a === `account.updated:${owner.accountId}`)).toHaveLength(1);
    expect(actions.filter((a) => a === `resource.updated:${created.body.resourceId}`)).toHaveLength(1);
    expect((await api("GET", accountPath, { token: owner.accessToken })).body.name).toBe(
      accounts.find((r) => r.status === 200)?.body.name,
    );
  });
});

describe("requests without If-Match never get 412", () => {
  it("20 racing renames and role changes of one member all succeed, each written once", async () => {
    const owner = await registerVerifiedUser();
    const member = await addManagedMember(owner.accessToken, owner.accountId, "standard");
    const path = `/v1/accounts/${owner.accountId}/members/${member.userId}`;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api("PATCH", path, {
          token: owner.accessToken,
          body: i % 2 === 0 ? { fullName: `Name ${i}` } : { role: i % 4 === 1 ? "viewer" : "standard" },
        }),
      ),
    );
    expect(responses.map((r) => r.status).filter((s) => s === 412)).toEqual([]);
    expect(statuses(responses)).toEqual({ 200: 20 });
    const renames = (await auditActions(owner.accessToken, owner.accountId)).filter(
      (a) => a === `user.renamed:${member.userId}`,
    );
    expect(renames).toHaveLength(10);
    // Every 200 carried the ETag of the state it saw or produced: the newest one is the item's.
    const versions = responses.map((r) => Number(/"(\d+)"/.exec(r.headers.get("etag") ?? "")?.[1]));
    const final = await api("GET", path, { token: owner.accessToken });
    expect(final.headers.get("etag")).toBe(`W/"${Math.max(...versions)}"`);
  });

  it("20 racing rights changes without If-Match all land: none is lost, none is 412", async () => {
    const owner = await registerVerifiedUser();
    const admin = await inviteNewMember(owner.accessToken, owner.accountId, "admin");
    const path = `/v1/accounts/${owner.accountId}/members/${admin.userId}/rights`;
    const rights = [
      "account.manage",
      "account.delete",
      "members.manage",
      "resources.manage",
      "billing.read",
      "billing.manage",
      "support.use",
      "subaccounts.manage",
      "audit.read",
      "members.read",
    ];
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api("PATCH", path, { token: owner.accessToken, body: { [rights[i % rights.length] as string]: false } }),
      ),
    );
    expect(statuses(responses)).toEqual({ 200: 20 });
    const member = await api("GET", `/v1/accounts/${owner.accountId}/members/${admin.userId}`, {
      token: owner.accessToken,
    });
    expect(Object.keys(member.body.rightsOverrides).sort()).toEqual([...rights].sort());
  });

  it("20 racing account and resource PATCHes without If-Match all succeed", async () => {
    const owner = await registerVerifiedUser();
    const accountPath = `/v1/accounts/${owner.accountId}`;
    const created = await api("POST", `${accountPath}/resources`, {
      token: owner.accessToken,
      body: { type: "project", name: "Raced" },
    });
    const resourcePath = `${accountPath}/resources/${created.body.resourceId}`;
    const responses = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) =>
        api("PATCH", accountPath, { token: owner.accessToken, body: { name: `Account ${i}` } }),
      ),
      ...Array.from({ length: 20 }, (_, i) =>
        api("PATCH", resourcePath, { token: owner.accessToken, body: { name: `Resource ${i}` } }),
      ),
    ]);
    expect(statuses(responses)).toEqual({ 200: 40 });
  });
});
