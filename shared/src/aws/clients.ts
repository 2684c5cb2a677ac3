import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { instrumentDynamoDbClient } from "../observability/dynamodb-usage.ts";

/**
 * SDK clients are created once per cold start. Endpoints come from the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables, which is how the local runtime points the same code
 * at the emulators: there is no local branch here.
 */
export const createDocumentClient = (client = new DynamoDBClient({})) =>
  DynamoDBDocumentClient.from(instrumentDynamoDbClient(client), { marshallOptions: { removeUndefinedValues: true } });
