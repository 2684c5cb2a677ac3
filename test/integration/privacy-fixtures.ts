import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { inject } from "vitest";
import { createDocumentClient } from "../../shared/src/aws/clients.ts";
import { userPoolDefinition } from "../../shared/src/identity/user-pool-definition.ts";
import { createTableService } from "../../shared/src/table/entities.ts";
import { api, registerVerifiedUser, STRONG_PASSWORD, type TestUser } from "../harness/api.ts";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };

/** The emulators' table, for what the API does not show (items left after erasure, audit entries). */
export const testTable = () => {
  const client = createDocumentClient(
    new DynamoDBClient({ endpoint: inject("endpoints").dynamodb, region: "us-east-1", credentials }),
  );
  return { client, table: createTableService(client, inject("resources").tableName) };
};

/** A verified user in the `platform-admins` group, signed in again so the token carries the group. */
export const registerPlatformAdmin = async (): Promise<TestUser> => {
  const user = await registerVerifiedUser({ fullName: "Provider Support" });
  const cognito = new CognitoIdentityProviderClient({
    endpoint: inject("endpoints").cognito,
    region: "us-east-1",
    credentials,
  });
  const username = JSON.parse(Buffer.from(user.accessToken.split(".")[1] ?? "", "base64url").toString()).username;
  await cognito.send(
    new AdminAddUserToGroupCommand({
      UserPoolId: inject("resources").userPoolId,
      Username: username,
      GroupName: userPoolDefinition.groups.platformAdmins,
    }),
  );
  const login = await api("POST", "/v1/auth/login", { body: { username: user.email, password: STRONG_PASSWORD } });
  return { ...user, accessToken: login.body.accessToken };
};

/** `POST /dev/jobs/privacy`: one run of the privacy job now, optionally looking ahead to `dueBy`. */
export const runPrivacyJob = async (dueBy?: Date) => {
  const response = await api("POST", "/dev/jobs/privacy", { body: dueBy ? { dueBy: dueBy.toISOString() } : {} });
  if (response.status !== 200) throw new Error(`privacy job: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
};

export interface SesEmail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: Array<{ filename?: string; contentType: string; content: string; size: number }>;
}

/** Every email the SES emulator accepted, attachments with their content (base64). */
export const sesEmails = async (): Promise<SesEmail[]> => {
  const response = await fetch(`${inject("endpoints").ses}/store`);
  return ((await response.json()) as { emails: SesEmail[] }).emails;
};

export const sesEmailsTo = async (to: string): Promise<SesEmail[]> =>
  (await sesEmails()).filter((email) => email.destination.to.includes(to));

export const isExportEmail = (email: SesEmail) => email.attachments.some((a) => a.filename?.endsWith(".csv"));

/** Polls until `check` returns something, instead of sleeping a fixed time. */
export const eventually = async <T>(
  check: () => Promise<T | undefined | false>,
  { timeoutMs = 20_000, intervalMs = 100, what = "the condition" } = {},
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
};

/** A small RFC 4180 reader for the export (quoted fields, doubled quotes, CRLF). */
export const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const input = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < input.length; i += 1) {
    const c = input[i];
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && input[i + 1] === "\n") i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
};

/** The export's rows as `{section, record, field, value}`. */
export const exportRecords = (email: SesEmail) => {
  const attachment = email.attachments.find((a) => a.filename?.endsWith(".csv"));
  if (!attachment) throw new Error("no CSV attachment");
  const [header, ...rows] = parseCsv(Buffer.from(attachment.content, "base64").toString("utf8"));
  if (header?.join(",") !== "section,record,field,value") throw new Error(`unexpected header ${header}`);
  return rows.map(([section, record, field, value]) => ({ section, record, field, value }));
};

/**
 * Every item whose keys (table or index) mention the id: what erasure must leave none of.
 * Rate-limit counters are left out when they expire within two hours (TTL removes them; their
 * buckets should carry hashes, not ids, anyway).
 */
export const itemsKeyedBy = async (id: string) => {
  const { client } = testTable();
  const found: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: inject("resources").tableName,
        FilterExpression: "contains(pk, :id) OR contains(sk, :id) OR contains(gsi1pk, :id) OR contains(gsi1sk, :id)",
        ExpressionAttributeValues: { ":id": id },
        ExclusiveStartKey: startKey,
      }),
    );
    found.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const soon = Date.now() / 1000 + 2 * 3600;
  return found.filter((item) => !(item.__edb_e__ === "rateWindow" && Number(item.expiresAt) < soon));
};

/** One request as provider support sees it, looked up through the paginated platform list. */
export const platformRequest = async (adminToken: string, requestId: string) => {
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `?limit=100&cursor=${cursor}` : "?limit=100";
    const { body } = await api("GET", `/v1/platform/privacy/requests${query}`, { token: adminToken });
    const found = body.items.find((r: { requestId: string }) => r.requestId === requestId);
    if (found) return found;
    cursor = body.nextCursor;
  } while (cursor);
  return undefined;
};

/** A policy id no other test uses. */
export const uniquePolicyId = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}`;

/** Creates a policy and publishes its first version, as provider support. */
export const publishedPolicy = async (
  adminToken: string,
  { required, label = "policy" }: { required: boolean; label?: string },
) => {
  const policyId = uniquePolicyId(label);
  const created = await api("POST", "/v1/platform/policies", {
    token: adminToken,
    body: { policyId, title: `Policy ${policyId}`, required },
  });
  if (created.status !== 201) throw new Error(`create policy: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await api("POST", `/v1/platform/policies/${policyId}/versions`, {
    token: adminToken,
    body: { summary: "First version", url: "https://tenantry.example/policies/first" },
  });
  if (published.status !== 201) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  return { policyId, title: `Policy ${policyId}` };
};
