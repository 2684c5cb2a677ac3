import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIsolatedPlatform } from "../../local/isolated-platform.ts";
import { createDocumentClient } from "../../shared/src/aws/clients.ts";
import { createTableService } from "../../shared/src/table/entities.ts";

/** A second platform with EMAIL_DELIVERY=off: invitations work by copying the returned link, and nothing is mailed. */
describe("EMAIL_DELIVERY=off", () => {
  let instance: Awaited<ReturnType<typeof startIsolatedPlatform>>;
  const call = async (method: string, path: string, options: { body?: unknown; token?: string } = {}) => {
    const response = await fetch(`${instance.platform.apiUrl}${path}`, {
      method,
      headers: {
        "content-type": "application/json",
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  /** How many events the notify consumer has finished: lets the test wait for "nothing was sent" deterministically. */
  const notifyHandled = async () => {
    const { endpoints, resources } = instance.platform;
    const result = await new DynamoDBClient({ endpoint: endpoints.dynamodb }).send(
      new ScanCommand({
        TableName: resources.tableName,
        FilterExpression: "begins_with(pk, :prefix) AND #status = :done",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":prefix": { S: "CONSUMED#notify#" }, ":done": { S: "done" } },
      }),
    );
    return result.Count ?? 0;
  };

  beforeAll(async () => {
    instance = await startIsolatedPlatform({ EMAIL_DELIVERY: "off" });
  }, 90_000);
  afterAll(async () => {
    await instance?.stop();
  });

  it("returns a working invitation link and emails nothing", async () => {
    const email = "off-owner@example.test";
    const password = "Correct-Horse-Battery-9";
    const registered = await call("POST", "/v1/auth/register", {
      body: { email, password, fullName: "Off Owner", accountName: "Off Co" },
    });
    expect(registered.status).toBe(201);
    // No verification email can arrive with delivery off: arrange a verified owner directly in the emulated table.
    const { endpoints, resources } = instance.platform;
    const table = createTableService(
      createDocumentClient(new DynamoDBClient({ endpoint: endpoints.dynamodb })),
      resources.tableName,
    );
    await table.entities.user.patch({ userId: registered.body.userId }).set({ emailVerified: true }).go();
    const login = await call("POST", "/v1/auth/login", { body: { username: email, password } });
    expect(login.status).toBe(200);

    const invited = await call("POST", `/v1/accounts/${registered.body.accountId}/invitations`, {
      token: login.body.accessToken,
      body: { email: "off-invitee@example.test", role: "viewer" },
    });
    expect(invited.status).toBe(201);
    const token = new URL(invited.body.link).searchParams.get("token");
    const accepted = await call("POST", `/v1/invitations/${token}/accept`, { body: { password } });
    expect(accepted.status).toBe(201);

    const deadline = Date.now() + 15_000;
    while ((await notifyHandled()) < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await notifyHandled()).toBeGreaterThanOrEqual(2);
    expect((await call("GET", "/dev/outbox.json")).body.items).toEqual([]);
  });
});
