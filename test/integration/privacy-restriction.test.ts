import { beforeAll, describe, expect, it } from "vitest";
import { tableRestrictionStore } from "../../services/notify/src/adapters/table-restriction-store.ts";
import { api, registerVerifiedUser, type TestUser } from "../harness/api.ts";
import { eventually, platformRequest, registerPlatformAdmin, testTable } from "./privacy-fixtures.ts";

let admin: TestUser;
beforeAll(async () => {
  admin = await registerPlatformAdmin();
});

const restrict = (user: TestUser, scope: string) =>
  api("POST", "/v1/me/privacy/restriction", { token: user.accessToken, body: { scope } });
const lift = (user: TestUser, scope: string) =>
  api("DELETE", "/v1/me/privacy/restriction", { token: user.accessToken, body: { scope } });

describe("/v1/me/privacy/restriction", () => {
  it("restricts marketing, and notify stops marketing to the user until it is lifted", async () => {
    const user = await registerVerifiedUser();
    const notifyRestrictions = tableRestrictionStore(testTable().table);
    expect(await notifyRestrictions.scopesOf(user.userId)).toEqual([]);

    const restricted = await restrict(user, "marketing");
    expect(restricted.status).toBe(200);
    expect(restricted.body).toEqual({ restrictions: [{ scope: "marketing", since: expect.any(String) }] });
    expect((await api("GET", "/v1/me/privacy/restriction", { token: user.accessToken })).body).toEqual(restricted.body);
    await eventually(async () => (await notifyRestrictions.scopesOf(user.userId)).length > 0, {
      what: "notify to learn of the restriction",
    });

    const lifted = await lift(user, "marketing");
    expect(lifted.status).toBe(200);
    expect(lifted.body).toEqual({ restrictions: [] });
    await eventually(async () => (await notifyRestrictions.scopesOf(user.userId)).length === 0, {
      what: "notify to learn the restriction was lifted",
    });
  });

  it("restricting processing also means no marketing", async () => {
    const user = await registerVerifiedUser();
    await restrict(user, "processing");
    const notifyRestrictions = tableRestrictionStore(testTable().table);
    await eventually(async () => (await notifyRestrictions.scopesOf(user.userId)).length > 0, {
      what: "notify to learn of the restriction",
    });
  });

  it("records each change as a completed request, and repeating one changes nothing", async () => {
    const user = await registerVerifiedUser();
    await restrict(user, "processing");
    const again = await restrict(user, "processing");
    expect(again.status).toBe(200);
    expect(again.body.restrictions).toHaveLength(1);
    await lift(user, "processing");

    const { body } = await api("GET", "/v1/me/privacy/requests", { token: user.accessToken });
    expect(
      body.items.map((r: { kind: string; action: string; status: string; scope: string }) => [
        r.kind,
        r.action,
        r.status,
        r.scope,
      ]),
    ).toEqual([
      ["restriction", "lift", "completed", "processing"],
      ["restriction", "apply", "completed", "processing"],
    ]);
  });

  it("answers 404 for lifting what is not restricted and 400 for an unknown scope", async () => {
    const user = await registerVerifiedUser();
    expect((await lift(user, "marketing")).status).toBe(404);
    const unknown = await restrict(user, "everything");
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].path).toBe("body.scope");
  });
});

describe("GET /v1/me/privacy/requests", () => {
  it("pages through the user's own requests only", async () => {
    const [user, other] = await Promise.all([registerVerifiedUser(), registerVerifiedUser()]);
    await restrict(user, "marketing");
    await lift(user, "marketing");
    await api("POST", "/v1/me/privacy/exports", { token: user.accessToken });
    await restrict(other, "marketing");

    const first = await api("GET", "/v1/me/privacy/requests?limit=2", { token: user.accessToken });
    expect(first.body.items.map((r: { kind: string }) => r.kind)).toEqual(["export", "restriction"]);
    const second = await api("GET", `/v1/me/privacy/requests?limit=2&cursor=${first.body.nextCursor}`, {
      token: user.accessToken,
    });
    expect(second.body.items.map((r: { action: string }) => r.action)).toEqual(["apply"]);
    const foreign = await api("GET", `/v1/me/privacy/requests?cursor=${first.body.nextCursor}`, {
      token: other.accessToken,
    });
    expect(foreign.status).toBe(400);
    expect((await api("GET", "/v1/me/privacy/requests?limit=500", { token: user.accessToken })).status).toBe(400);
  });
});

describe("GET /v1/platform/privacy/requests", () => {
  it("shows provider support every request with its legal deadline one month on, and audits the look", async () => {
    const user = await registerVerifiedUser();
    const queued = await api("POST", "/v1/me/privacy/exports", { token: user.accessToken });
    const request = await platformRequest(admin.accessToken, queued.body.requestId);
    expect(request).toMatchObject({ userId: user.userId, kind: "export", overdue: false });
    const created = new Date(request.createdAt);
    const deadline = new Date(request.legalDeadline);
    const expected = new Date(created);
    expected.setUTCMonth(expected.getUTCMonth() + 1);
    if (expected.getUTCDate() !== created.getUTCDate()) expected.setUTCDate(0);
    expect(deadline.toISOString()).toBe(expected.toISOString());

    const { table } = testTable();
    const { data } = await table.entities.platformAuditEntry.query.all({}).go({ order: "desc", limit: 50 });
    expect(data.some((e) => e.action === "privacy.requests_listed" && e.actorUserId === admin.userId)).toBe(true);
  });

  it("is for platform admins only", async () => {
    const user = await registerVerifiedUser();
    const response = await api("GET", "/v1/platform/privacy/requests", { token: user.accessToken });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe("platform_admin_required");
  });
});
