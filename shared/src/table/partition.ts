import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { tableDefinition } from "./definition.ts";

const { partitionKey, sortKey } = tableDefinition;

/**
 * Deletes every item of one partition whose sort key `keep` rejects, page by page (25 keys per
 * batch write). Idempotent, so an interrupted purge is finished by running it again.
 */
export const deletePartitionItems = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  partition: string,
  keep: (sortKeyValue: string) => boolean = () => false,
): Promise<number> => {
  let deleted = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "#pk = :pk",
        ExpressionAttributeNames: { "#pk": partitionKey, "#sk": sortKey },
        ExpressionAttributeValues: { ":pk": partition },
        ProjectionExpression: "#pk, #sk",
        ExclusiveStartKey: startKey,
      }),
    );
    const keys = (page.Items ?? []).filter((item) => !keep(String(item[sortKey])));
    for (let offset = 0; offset < keys.length; offset += 25) {
      let pending = keys.slice(offset, offset + 25).map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt > 5) throw new Error("BatchWriteItem left deletes unprocessed after retries");
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
        if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      }
    }
    deleted += keys.length;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return deleted;
};
