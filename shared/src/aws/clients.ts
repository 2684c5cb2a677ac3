import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { onFirstUse } from "../cold-start/on-first-use.ts";
import { instrumentDynamoDbClient } from "../observability/dynamodb-usage.ts";

/**
 * SDK clients are created once per cold start. Endpoints come from the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables, which is how the local runtime points the same code
 * at the emulators: there is no local branch here.
 */
export const createDocumentClient = (client = new DynamoDBClient({})) =>
  DynamoDBDocumentClient.from(instrumentDynamoDbClient(client), { marshallOptions: { removeUndefinedValues: true } });

/**
 * An SDK client made on its first use, for a client only some requests need (Cognito in users,
 * S3 for avatars): constructing one resolves its whole configuration, a few ms of every cold
 * start otherwise. Adapters take it as the client itself; whatever they read of it (`send`, or the
 * `config` and `middlewareStack` a presigner reads) makes the real one, once per cold start.
 */
export const clientOnFirstUse = <Client extends object>(make: () => Client): Client => {
  const client = onFirstUse(make);
  return new Proxy({} as Client, {
    get: (_, key) => {
      const made = client();
      const value: unknown = Reflect.get(made, key, made);
      return typeof value === "function" ? value.bind(made) : value;
    },
  });
};
