import { beforeAll, describe, expect, it } from "vitest";
import { api, registerVerifiedUser, type TestUser } from "../harness/api.ts";
import { createMachineClient, machineToken, platformAdminToken } from "./machine-fixtures.ts";

describe("machine clients (provider support)", () => {
  let admin: string;
  let user: TestUser;
  beforeAll(async () => {
    [admin, user] = await Promise.all([platformAdminToken(), registerVerifiedUser()]);
  });

  it("creates a client whose secret is shown once and gets tokens at tokenUrl, lists it, deletes it", async () => {
    const created = await api("POST", "/v1/platform/machine-clients", {
      token: admin,
      body: { name: "pixel-service", scopes: ["tenantry/access.check"] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "pixel-service",
      scopes: ["tenantry/access.check"],
      tokenUrl: `${new URL(created.body.tokenUrl).origin}/oauth2/token`,
    });
    expect(created.body.clientSecret.length).toBeGreaterThan(10);
    expect(await machineToken(created.body)).toMatch(/^ey/);

    const listed = await api("GET", "/v1/platform/machine-clients?limit=60", { token: admin });
    expect(listed.status).toBe(200);
    const mine = listed.body.items.find((c: { clientId: string }) => c.clientId === created.body.clientId);
    expect(mine).toEqual({
      clientId: created.body.clientId,
      name: "pixel-service",
      scopes: ["tenantry/access.check"],
      createdAt: expect.any(String),
    });
    // Secrets are never listed, and the API's own app client is not a machine client.
    expect(JSON.stringify(listed.body)).not.toContain(created.body.clientSecret);
    expect(listed.body.items.map((c: { name: string }) => c.name)).not.toContain("tenantry-local-api");

    expect(
      (await api("DELETE", `/v1/platform/machine-clients/${created.body.clientId}`, { token: admin })).status,
    ).toBe(204);
    await expect(machineToken(created.body)).rejects.toThrow(/invalid_client/);
    expect(
      (await api("DELETE", `/v1/platform/machine-clients/${created.body.clientId}`, { token: admin })).status,
    ).toBe(404);
  });

  it("will not delete the API's own app client through this route", async () => {
    const { payload } = {
      payload: JSON.parse(Buffer.from(user.accessToken.split(".")[1] ?? "", "base64url").toString()),
    };
    const response = await api("DELETE", `/v1/platform/machine-clients/${payload.client_id}`, { token: admin });
    expect(response.status).toBe(404);
    // The users' client still works.
    expect((await api("GET", "/v1/me", { token: user.accessToken })).status).toBe(200);
  });

  it("refuses unknown scopes and bad names with a problem", async () => {
    for (const body of [
      { name: "x", scopes: ["tenantry/everything"] },
      { name: "x", scopes: [] },
      { name: "x", scopes: ["tenantry/access.check", "tenantry/access.check"] },
      { name: "bad/name", scopes: ["tenantry/access.check"] },
      { name: "x", scopes: ["tenantry/access.check"], secret: "mine" },
    ]) {
      const response = await api("POST", "/v1/platform/machine-clients", { token: admin, body });
      expect([JSON.stringify(body), response.status, response.body.code]).toEqual([
        JSON.stringify(body),
        400,
        "invalid_request",
      ]);
    }
  });

  it("is for platform admins only: a signed-in user gets 403, no token 401, a machine token 401", async () => {
    const client = await createMachineClient(admin, ["tenantry/access.check", "tenantry/accounts.read"]);
    const machine = await machineToken(client);
    for (const [method, path, body] of [
      ["POST", "/v1/platform/machine-clients", { name: "sneaky", scopes: ["tenantry/access.check"] }],
      ["GET", "/v1/platform/machine-clients", undefined],
      ["DELETE", `/v1/platform/machine-clients/${client.clientId}`, undefined],
    ] as const) {
      const asUser = await api(method, path, { token: user.accessToken, ...(body ? { body } : {}) });
      expect([path, asUser.status, asUser.body.code]).toEqual([path, 403, "platform_admin_required"]);
      expect((await api(method, path, body ? { body } : {})).status).toBe(401);
      expect((await api(method, path, { token: machine, ...(body ? { body } : {}) })).status).toBe(401);
    }
    // Still there: none of the refused deletes went through.
    expect(await machineToken(client)).toMatch(/^ey/);
  });
});
