import { randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createDocumentClient } from "../../shared/src/aws/clients.ts";
import { createTableService, memberSearchText } from "../../shared/src/table/entities.ts";
import { invitationPath, type ScenarioContext, signUp } from "./sign-up.ts";

const LARGE_ACCOUNT_MEMBERS = 10_000;

/**
 * Each accounts route once as a direct member (the resolver's one-round-trip case), then the
 * member list of an account with 10 000 members: first page, a later page and a search, to show
 * that a page costs the same whatever the account's size. The large account's memberships are
 * written straight to the table (creating 10 000 sign-in identities would only time the emulator).
 */
export const accountsScenario = async ({ call, apiUrl, platform }: ScenarioContext) => {
  const owner = await signUp(call, apiUrl, "owner");
  const base = `/v1/accounts/${owner.accountId}`;
  const t = owner.token;
  await call("GET /v1/rights", "GET", "/v1/rights", { token: t });
  await call("GET /accounts/{id}", "GET", base, { token: t });
  await call("PATCH /accounts/{id}", "PATCH", base, { token: t, body: { name: "Bench renamed" } });
  const managed = await call("POST /accounts/{id}/members (managed user)", "POST", `${base}/members`, {
    token: t,
    body: {
      login: `bench-${randomUUID().slice(0, 8)}`,
      password: "Bench-Password-2026",
      fullName: "Managed",
      role: "standard",
    },
  });
  const memberPath = `${base}/members/${managed.body.userId}`;
  await call("GET /accounts/{id}/members/{userId}", "GET", memberPath, { token: t });
  await call("PATCH /accounts/{id}/members/{userId}", "PATCH", memberPath, { token: t, body: { role: "viewer" } });
  await call("GET /accounts/{id}/members/{userId} (viewer)", "GET", memberPath, { token: t, path: "viewer" });
  await call("PATCH /accounts/{id}/members/{userId}/rights", "PATCH", `${memberPath}/rights`, {
    token: t,
    body: { "audit.read": true },
  });
  await call("POST .../password-reset-link", "POST", `${memberPath}/password-reset-link`, { token: t, body: {} });
  const resource = await call("POST /accounts/{id}/resources", "POST", `${base}/resources`, {
    token: t,
    body: { type: "application", name: "Bench app" },
  });
  const resourcePath = `${base}/resources/${resource.body.resourceId}`;
  await call("GET /accounts/{id}/resources", "GET", `${base}/resources`, { token: t });
  await call("GET /accounts/{id}/resources/{rid}", "GET", resourcePath, { token: t });
  await call("PATCH /accounts/{id}/resources/{rid}", "PATCH", resourcePath, {
    token: t,
    body: { name: "Bench app 2" },
  });
  await call("PUT .../resources/{rid}/access/{userId}", "PUT", `${resourcePath}/access/${managed.body.userId}`, {
    token: t,
    body: { level: "use" },
  });
  await call("DELETE .../resources/{rid}/access/{userId}", "DELETE", `${resourcePath}/access/${managed.body.userId}`, {
    token: t,
  });
  const invitation = await call("POST /accounts/{id}/invitations", "POST", `${base}/invitations`, {
    token: t,
    body: { email: `bench-invitee-${randomUUID().slice(0, 8)}@example.test`, role: "admin" },
    path: invitationPath("admin"),
  });
  await call("GET /accounts/{id}/invitations", "GET", `${base}/invitations`, { token: t });
  const regenerated = await call(
    "POST .../invitations/{iid}/regenerate",
    "POST",
    `${base}/invitations/${invitation.body.invitationId}/regenerate`,
    {
      token: t,
    },
  );
  const fresh = new URL(regenerated.body.link).searchParams.get("token");
  await call("GET /v1/invitations/{token}", "GET", `/v1/invitations/${fresh}`);
  await call("POST /v1/invitations/{token}/accept (new user)", "POST", `/v1/invitations/${fresh}/accept`, {
    body: { password: "Bench-Password-2026" },
  });
  await call("GET /accounts/{id}/audit", "GET", `${base}/audit`, { token: t });
  await call("DELETE /accounts/{id}/members/{userId}", "DELETE", memberPath, { token: t });
  await call("DELETE /accounts/{id}/resources/{rid}", "DELETE", resourcePath, { token: t });

  // A large account, for list costs.
  const large = await signUp(call, apiUrl, "large");
  const seedStarted = performance.now();
  const table = createTableService(
    createDocumentClient(new DynamoDBClient({ endpoint: platform.endpoints.dynamodb })),
    platform.resources.tableName,
  );
  const now = new Date().toISOString();
  const batches: Array<Array<Record<string, unknown>>> = [];
  for (let i = 0; i < LARGE_ACCOUNT_MEMBERS; i += 25) {
    batches.push(
      Array.from({ length: Math.min(25, LARGE_ACCOUNT_MEMBERS - i) }, (_, j) => {
        const n = i + j;
        const identity = { fullName: `Member ${String(n).padStart(5, "0")}`, email: `member-${n}@large.example` };
        return {
          accountId: large.accountId,
          userId: `bench-user-${String(n).padStart(5, "0")}`,
          role: n % 10 === 0 ? "viewer" : "standard",
          status: "active",
          ...identity,
          searchText: memberSearchText(identity),
          addedBy: large.userId,
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
      }),
    );
  }
  for (let i = 0; i < batches.length; i += 8) {
    await Promise.all(batches.slice(i, i + 8).map((batch) => table.entities.membership.put(batch as never).go()));
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const members = `/v1/accounts/${large.accountId}/members`;
  const first = await call(`GET members (10k account), page 1 of 25`, "GET", `${members}?limit=25`, {
    token: large.token,
  });
  let cursor = first.body.nextCursor as string;
  for (let page = 2; page < 200; page += 1) {
    const next = await fetch(`${apiUrl}${members}?limit=25&cursor=${cursor}`, {
      headers: { authorization: `Bearer ${large.token}` },
    });
    cursor = ((await next.json()) as { nextCursor: string }).nextCursor;
  }
  await call("GET members (10k account), page 200 of 25", "GET", `${members}?limit=25&cursor=${cursor}`, {
    token: large.token,
  });
  await call("GET members (10k account), ?role=viewer", "GET", `${members}?limit=25&role=viewer`, {
    token: large.token,
  });
  await call(
    "GET members (10k account), ?q=member 0999",
    "GET",
    `${members}?limit=25&q=${encodeURIComponent("member 09999")}`,
    {
      token: large.token,
    },
  );
  return { members: LARGE_ACCOUNT_MEMBERS, seedSeconds };
};
