import { describe, expect, it } from "vitest";
import { api, inviteNewMember, registerVerifiedUser } from "../harness/api.ts";

const createApp = async (owner: { accessToken: string; accountId: string }, name: string) => {
  const created = await api("POST", `/v1/accounts/${owner.accountId}/resources`, {
    token: owner.accessToken,
    body: { type: "application", name },
  });
  expect(created.status).toBe(201);
  return created.body.resourceId as string;
};

const setLevel = async (
  owner: { accessToken: string; accountId: string },
  resourceId: string,
  userId: string,
  level: string,
) => {
  const path = `/v1/accounts/${owner.accountId}/resources/${resourceId}/access/${userId}`;
  // DELETE sets `none`: hidden even from a role whose default would show it.
  const set =
    level === "none"
      ? await api("DELETE", path, { token: owner.accessToken })
      : await api("PUT", path, { token: owner.accessToken, body: { level } });
  expect(set.status).toBeLessThan(300);
};

describe("reading per-application access back", () => {
  it("shows on a member what they can use, by grant or by role default", async () => {
    const owner = await registerVerifiedUser();
    const crm = await createApp(owner, "CRM");
    const ledger = await createApp(owner, "Ledger");
    const [standard, viewer] = await Promise.all([
      inviteNewMember(owner.accessToken, owner.accountId, "standard"),
      inviteNewMember(owner.accessToken, owner.accountId, "viewer"),
    ]);
    await setLevel(owner, crm, standard.userId, "use");
    await setLevel(owner, ledger, viewer.userId, "none");

    const memberOf = async (userId: string) =>
      (await api("GET", `/v1/accounts/${owner.accountId}/members/${userId}`, { token: owner.accessToken })).body;
    expect((await memberOf(standard.userId)).resources).toEqual([{ resourceId: crm, name: "CRM", level: "use" }]);
    expect((await memberOf(viewer.userId)).resources).toEqual([{ resourceId: crm, name: "CRM", level: "view" }]);
    expect((await memberOf(owner.userId)).resources).toEqual(
      expect.arrayContaining([
        { resourceId: crm, name: "CRM", level: "administer" },
        { resourceId: ledger, name: "Ledger", level: "administer" },
      ]),
    );
  });

  it("lists who has which level on a resource, paginated, leaving out those without access", async () => {
    const owner = await registerVerifiedUser();
    const crm = await createApp(owner, "CRM");
    const [admin, standard, hiddenStandard, viewer, hiddenViewer] = await Promise.all([
      inviteNewMember(owner.accessToken, owner.accountId, "admin"),
      inviteNewMember(owner.accessToken, owner.accountId, "standard"),
      inviteNewMember(owner.accessToken, owner.accountId, "standard"),
      inviteNewMember(owner.accessToken, owner.accountId, "viewer"),
      inviteNewMember(owner.accessToken, owner.accountId, "viewer"),
    ]);
    await setLevel(owner, crm, standard.userId, "use");
    await setLevel(owner, crm, hiddenViewer.userId, "none");

    const seen: Array<{ userId: string; level: string; by: string; role: string }> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: { items: typeof seen; nextCursor: string | null } } = await api(
        "GET",
        `/v1/accounts/${owner.accountId}/resources/${crm}/access?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        { token: admin.accessToken },
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);

    const byUser = new Map(seen.map((e) => [e.userId, e]));
    expect(byUser.size).toBe(seen.length);
    expect(byUser.get(owner.userId)).toMatchObject({ level: "administer", by: "role", role: "owner" });
    expect(byUser.get(admin.userId)).toMatchObject({ level: "administer", by: "role", role: "admin" });
    expect(byUser.get(standard.userId)).toMatchObject({ level: "use", by: "grant", role: "standard" });
    expect(byUser.get(viewer.userId)).toMatchObject({ level: "view", by: "role", role: "viewer" });
    expect(byUser.has(hiddenStandard.userId)).toBe(false);
    expect(byUser.has(hiddenViewer.userId)).toBe(false);
    expect(seen).toHaveLength(4);
  });

  it("is 404 for a resource the caller cannot see, 403 without resources.manage, 404 for another tenant", async () => {
    const owner = await registerVerifiedUser();
    const crm = await createApp(owner, "CRM");
    const [standard, viewer] = await Promise.all([
      inviteNewMember(owner.accessToken, owner.accountId, "standard"),
      inviteNewMember(owner.accessToken, owner.accountId, "viewer"),
    ]);
    const path = `/v1/accounts/${owner.accountId}/resources/${crm}/access`;
    expect((await api("GET", path, { token: standard.accessToken })).status).toBe(404);
    expect((await api("GET", path, { token: viewer.accessToken })).status).toBe(403);
    const stranger = await registerVerifiedUser();
    expect((await api("GET", path, { token: stranger.accessToken })).status).toBe(404);
    const unknown = `/v1/accounts/${owner.accountId}/resources/01JUNKNOWNRESOURCE0000000/access`;
    expect((await api("GET", unknown, { token: owner.accessToken })).status).toBe(404);
  });
});
