import { beforeAll, describe, expect, it } from "vitest";
import { api, registerVerifiedUser, type TestUser } from "../harness/api.ts";
import { concretePath, type DocumentedOperation, documentedOperations } from "../harness/openapi-operations.ts";
import { registerPlatformAdmin } from "./privacy-fixtures.ts";

const forged = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString("base64url");

let admin: TestUser;
let lists: DocumentedOperation[];
beforeAll(async () => {
  admin = await registerPlatformAdmin();
  lists = (await documentedOperations()).operations.filter((op) => op.paginated);
});

const expectInvalidCursor = (response: { status: number; headers: Headers; body: any }) => {
  expect(response.status).toBe(400);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect(response.body.code).toBe("invalid_cursor");
};

describe("list cursors are tamper-proof", () => {
  it("covers every paginated list of the document", () => {
    expect(lists.length).toBeGreaterThanOrEqual(9);
  });

  it("answers a forged or edited cursor on every list with 400 invalid_cursor", async () => {
    const known = { accountId: admin.accountId, userId: admin.userId };
    const cursors = [
      forged({ pk: `ACCOUNT#${admin.accountId}` }),
      forged({ pk: `USER#${admin.userId}` }),
      forged({ pk: `ACCOUNT#${admin.accountId}`, sk: "x" }),
      "not-a-cursor",
      `${forged({ pk: "x" })}.${"A".repeat(22)}`,
    ];
    for (const list of lists) {
      for (const cursor of cursors) {
        const path = `${concretePath(list, known)}?cursor=${encodeURIComponent(cursor)}`;
        const response = await api("GET", path, { token: admin.accessToken });
        expect({ list: list.operationId, status: response.status }).toEqual({ list: list.operationId, status: 400 });
        expectInvalidCursor(response);
      }
    }
  });

  it("pages with its own cursors, and refuses them on another list, account or caller", async () => {
    const owner = await registerVerifiedUser();
    const stranger = await registerVerifiedUser();
    const resources = `/v1/accounts/${owner.accountId}/resources`;
    for (const name of ["One", "Two"]) {
      const created = await api("POST", resources, { token: owner.accessToken, body: { type: "project", name } });
      expect(created.status).toBe(201);
    }
    const first = await api("GET", `${resources}?limit=1`, { token: owner.accessToken });
    const cursor = encodeURIComponent(first.body.nextCursor);
    const second = await api("GET", `${resources}?limit=1&cursor=${cursor}`, { token: owner.accessToken });
    expect(second.status).toBe(200);
    expect(second.body.items[0].resourceId).not.toBe(first.body.items[0].resourceId);

    const auditOfSameAccount = await api("GET", `/v1/accounts/${owner.accountId}/audit?cursor=${cursor}`, {
      token: owner.accessToken,
    });
    expectInvalidCursor(auditOfSameAccount);
    const otherAccount = await api("GET", `/v1/accounts/${stranger.accountId}/resources?cursor=${cursor}`, {
      token: stranger.accessToken,
    });
    expectInvalidCursor(otherAccount);
  });
});
