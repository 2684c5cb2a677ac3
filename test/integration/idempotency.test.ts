import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, inject, it } from "vitest";
import {
  addManagedMember,
  api,
  inviteNewMember,
  registerVerifiedUser,
  STRONG_PASSWORD,
  uniqueEmail,
} from "../harness/api.ts";
import { partnerWithClient } from "./partner-fixtures.ts";
import { testTable } from "./privacy-fixtures.ts";

const newKey = () => `key-${crypto.randomUUID()}`;
const tokenOf = (link: string) => new URL(link).searchParams.get("token") as string;

/** Every idempotency record in the table, as stored. */
const idempotencyRecords = async () => {
  const { client } = testTable();
  const found: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: inject("resources").tableName,
        FilterExpression: "#e = :entity",
        ExpressionAttributeNames: { "#e": "__edb_e__" },
        ExpressionAttributeValues: { ":entity": "idempotencyRecord" },
        ExclusiveStartKey: startKey,
      }),
    );
    found.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return found;
};

describe("responses kept for Idempotency-Key hold no raw secret", () => {
  it("replays an invitation, a managed account and a reset link with their links, yet the table never holds a token", async () => {
    const { partnerOwner } = await partnerWithClient();
    const owner = await registerVerifiedUser();
    const member = await addManagedMember(owner.accessToken, owner.accountId, "standard");
    const calls = [
      {
        path: `/v1/accounts/${owner.accountId}/invitations`,
        token: owner.accessToken,
        body: { email: uniqueEmail("invitee"), role: "standard" },
        link: (body: any) => body.link as string,
      },
      {
        path: `/v1/accounts/${partnerOwner.accountId}/managed-accounts`,
        token: partnerOwner.accessToken,
        body: { name: "Client Two", ownerEmail: uniqueEmail("client") },
        link: (body: any) => body.ownerInvitation.link as string,
      },
      {
        path: `/v1/accounts/${owner.accountId}/members/${member.userId}/password-reset-link`,
        token: owner.accessToken,
        body: {},
        link: (body: any) => body.link as string,
      },
    ];
    const tokens: string[] = [];
    for (const call of calls) {
      const headers = { "idempotency-key": newKey() };
      const first = await api("POST", call.path, { token: call.token, headers, body: call.body });
      expect(first.status).toBe(201);
      const replay = await api("POST", call.path, { token: call.token, headers, body: call.body });
      expect(replay.status).toBe(201);
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
      expect(call.link(replay.body)).toBe(call.link(first.body));
      tokens.push(tokenOf(call.link(first.body)));
    }
    // The replayed invitation link still works.
    expect((await api("GET", `/v1/invitations/${tokens[0]}`)).status).toBe(200);

    const stored = JSON.stringify(await idempotencyRecords());
    for (const token of tokens) {
      expect(token.length).toBeGreaterThan(20);
      expect(stored).not.toContain(token);
      expect(stored).not.toContain(encodeURIComponent(token));
    }
    expect(stored).not.toContain("/invitations/accept");
    expect(stored).not.toContain("/reset-password");
  });
});

describe("every POST create or issue honours Idempotency-Key", () => {
  it("register: a retry gets the first response; the same key with another body is 422", async () => {
    const email = uniqueEmail("register");
    const body = { email, password: STRONG_PASSWORD, fullName: "Reg Ister", accountName: "Reg Co" };
    const headers = { "idempotency-key": newKey() };
    const first = await api("POST", "/v1/auth/register", { headers, body });
    expect(first.status).toBe(201);
    const retry = await api("POST", "/v1/auth/register", { headers, body });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body).toEqual(first.body);
    const other = await api("POST", "/v1/auth/register", {
      headers,
      body: { ...body, email: uniqueEmail("someone-else") },
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe("idempotency_key_reused");
    // Without the key the same registration is a conflict: the replay above did not run it again.
    expect((await api("POST", "/v1/auth/register", { body })).status).toBe(409);
  });

  it("accept: a retry gets the first response instead of 410; another body is 422", async () => {
    const owner = await registerVerifiedUser();
    const invited = await api("POST", `/v1/accounts/${owner.accountId}/invitations`, {
      token: owner.accessToken,
      body: { email: uniqueEmail("acceptor"), role: "viewer" },
    });
    const path = `/v1/invitations/${tokenOf(invited.body.link)}/accept`;
    const headers = { "idempotency-key": newKey() };
    const body = { password: STRONG_PASSWORD, fullName: "Ac Ceptor" };
    const first = await api("POST", path, { headers, body });
    expect(first.status).toBe(201);
    const retry = await api("POST", path, { headers, body });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const other = await api("POST", path, { headers, body: { ...body, fullName: "Someone Else" } });
    expect(other.status).toBe(422);
    expect((await api("POST", path, { body })).status).toBe(410);
  });

  it("owner transfer and regenerate: a retry gets the first response", async () => {
    const owner = await registerVerifiedUser();
    const admin = await inviteNewMember(owner.accessToken, owner.accountId, "admin");
    const transferHeaders = { "idempotency-key": newKey() };
    const transfer = () =>
      api("POST", `/v1/accounts/${owner.accountId}/owner-transfer`, {
        token: owner.accessToken,
        headers: transferHeaders,
        body: { userId: admin.userId },
      });
    const first = await transfer();
    expect(first.status).toBe(200);
    const retry = await transfer();
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);

    const invited = await api("POST", `/v1/accounts/${owner.accountId}/invitations`, {
      token: admin.accessToken,
      body: { email: uniqueEmail("regen"), role: "viewer" },
    });
    const regenerate = (key: string) =>
      api("POST", `/v1/accounts/${owner.accountId}/invitations/${invited.body.invitationId}/regenerate`, {
        token: admin.accessToken,
        headers: { "idempotency-key": key },
      });
    const key = newKey();
    const once = await regenerate(key);
    const twice = await regenerate(key);
    expect(twice.status).toBe(200);
    expect(twice.body.link).toBe(once.body.link);
    expect((await api("GET", `/v1/invitations/${tokenOf(twice.body.link)}`)).status).toBe(200);
    expect((await idempotencyRecords()).map((r) => JSON.stringify(r)).join()).not.toContain(tokenOf(once.body.link));
  });
});
