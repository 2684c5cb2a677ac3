import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { findCanaries, readCanaries } from "./canaries.ts";

/**
 * After the integration suite: reads every item of the table (a paginated Scan, fine in a test)
 * and fails when any holds a secret the suite saw. Names the items, never the secrets.
 */
export const scanTableForCanaries = async (input: { endpoint: string; tableName: string; dataDir: string }) => {
  const canaries = readCanaries(input.dataDir);
  if (canaries.length === 0)
    throw new Error("Canary scan: no canaries were recorded; the harness lost track of secrets.");
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: input.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
  );
  const hits: ReturnType<typeof findCanaries> = [];
  let scanned = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: input.tableName, ExclusiveStartKey: startKey }));
    const items = (page.Items ?? []) as Array<Record<string, unknown>>;
    scanned += items.length;
    hits.push(...findCanaries(items, canaries));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  if (hits.length > 0) {
    const where = hits.slice(0, 20).map((h) => `${h.kind} in ${String(h.pk)} / ${String(h.sk)}`);
    throw new Error(`Canary scan: ${hits.length} raw secret(s) found in the table:\n  ${where.join("\n  ")}`);
  }
  return { scanned, canaries: canaries.length };
};
