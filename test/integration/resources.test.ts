import { beforeAll, describe, expect, it } from "vitest";
import {
  addManagedMember,
  api,
  inviteNewMember,
  type JoinedMember,
  registerVerifiedUser,
  type TestUser,
} from "../harness/api.ts";

const names = (body: { items: Array<{ name: string }> }) => body.items.map((r) => r.name).sort();

describe("resource access", () => {
  let owner: TestUser;
  let standard: JoinedMember;
  let viewer: JoinedMember;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    owner = await registerVerifiedUser();
    [standard, viewer] = await Promise.all([
      addManagedMember(owner.accessToken, owner.accountId, "standard"),
      addManagedMember(owner.accessToken, owner.accountId, "viewer"),
    ]);
    for (const [name, type] of [
      ["CRM", "application"],
      ["Landing pixel", "pixel"],
      ["Q4 project", "project"],
    ] as const) {
      const created = await api("POST", `/v1/accounts/${owner.accountId}/resources`, {
        token: owner.accessToken,
        body: { type, name },
      });
      ids[name] = created.body.resourceId;
    }
  });

  const access = (resource: string, userId: string, level?: string) =>
    api(level ? "PUT" : "DELETE", `/v1/accounts/${owner.accountId}/resources/${ids[resource]}/access/${userId}`, {
      token: owner.accessToken,
      ...(level ? { body: { level } } : {}),
    });

  it("shows owners everything to administer, viewers everything to view, standard members nothing by default", async () => {
    const base = `/v1/accounts/${owner.accountId}/resources`;
    const ownerList = await api("GET", base, { token: owner.accessToken });
    expect(ownerList.body.items.every((r: { myLevel: string }) => r.myLevel === "administer")).toBe(true);
    expect(names(ownerList.body)).toEqual(["CRM", "Landing pixel", "Q4 project"]);
    const viewerList = await api("GET", base, { token: viewer.accessToken });
    expect(viewerList.body.items.every((r: { myLevel: string }) => r.myLevel === "view")).toBe(true);
    expect((await api("GET", base, { token: standard.accessToken })).body.items).toEqual([]);
  });

  it("grants per resource; a removal hides the resource from the member's listings and reads", async () => {
    expect((await access("CRM", standard.userId, "use")).status).toBe(200);
    expect((await access("Q4 project", standard.userId, "administer")).status).toBe(200);
    const list = await api("GET", `/v1/accounts/${owner.accountId}/resources`, { token: standard.accessToken });
    expect(list.body.items.map((r: { name: string; myLevel: string }) => [r.name, r.myLevel]).sort()).toEqual([
      ["CRM", "use"],
      ["Q4 project", "administer"],
    ]);
    expect(
      (
        await api("GET", `/v1/accounts/${owner.accountId}/resources/${ids["Landing pixel"]}`, {
          token: standard.accessToken,
        })
      ).status,
    ).toBe(404);

    expect((await access("CRM", viewer.userId)).body.level).toBe("none");
    const viewerList = await api("GET", `/v1/accounts/${owner.accountId}/resources`, { token: viewer.accessToken });
    expect(names(viewerList.body)).toEqual(["Landing pixel", "Q4 project"]);
    expect(
      (await api("GET", `/v1/accounts/${owner.accountId}/resources/${ids.CRM}`, { token: viewer.accessToken })).status,
    ).toBe(404);
  });

  it("lets a member who administers one resource rename it, but not one they only use", async () => {
    await access("Q4 project", standard.userId, "administer");
    await access("CRM", standard.userId, "use");
    const renamed = await api("PATCH", `/v1/accounts/${owner.accountId}/resources/${ids["Q4 project"]}`, {
      token: standard.accessToken,
      body: { name: "Q4 project" },
    });
    expect(renamed.status).toBe(200);
    const refused = await api("PATCH", `/v1/accounts/${owner.accountId}/resources/${ids.CRM}`, {
      token: standard.accessToken,
      body: { name: "Mine now" },
    });
    expect(refused.status).toBe(403);
  });

  it("cannot narrow an admin's access (409) and needs an existing member (404)", async () => {
    const admin = await inviteNewMember(owner.accessToken, owner.accountId, "admin");
    const narrowed = await access("CRM", admin.userId, "view");
    expect(narrowed.status).toBe(409);
    expect(narrowed.body.code).toBe("full_access_role");
    expect((await access("CRM", "01NOSUCHUSER000000000000000", "view")).status).toBe(404);
  });

  it("honours If-Match on resources", async () => {
    const path = `/v1/accounts/${owner.accountId}/resources/${ids["Landing pixel"]}`;
    const read = await api("GET", path, { token: owner.accessToken });
    const etag = read.headers.get("etag") as string;
    expect(
      (
        await api("PATCH", path, {
          token: owner.accessToken,
          body: { settings: { color: "red" } },
          headers: { "if-match": etag },
        })
      ).status,
    ).toBe(200);
    const stale = await api("PATCH", path, {
      token: owner.accessToken,
      body: { settings: { color: "blue" } },
      headers: { "if-match": etag },
    });
    expect(stale.status).toBe(412);
    expect((await api("GET", path, { token: owner.accessToken })).body.settings).toEqual({ color: "red" });
  });

  it("pages through a member's grants at a fixed cost per page", async () => {
    const member = await addManagedMember(owner.accessToken, owner.accountId, "standard");
    for (const name of ["CRM", "Landing pixel", "Q4 project"]) await access(name, member.userId, "view");
    const first = await api("GET", `/v1/accounts/${owner.accountId}/resources?limit=2`, { token: member.accessToken });
    expect(first.body.items).toHaveLength(2);
    const second = await api(
      "GET",
      `/v1/accounts/${owner.accountId}/resources?limit=2&cursor=${first.body.nextCursor}`,
      {
        token: member.accessToken,
      },
    );
    expect(second.body.items).toHaveLength(1);
  });
});
