import { createDocumentClient } from "../../../shared/src/aws/clients.ts";
import { requiredVariables } from "../../../shared/src/config/parse-config.ts";
import { createTableService } from "../../../shared/src/table/entities.ts";
import { tableExternalIdentities } from "./adapters/table-external-identities.ts";
import { createAuthChallengeHandler } from "./triggers/auth-challenge.ts";

/** The triggers need only the table: the user pool they belong to cannot be in their environment (a cycle). */
const config = requiredVariables(["TABLE_NAME"]);

export const handler = createAuthChallengeHandler({
  proofs: tableExternalIdentities(createTableService(createDocumentClient(), config.TABLE_NAME)),
  now: () => new Date(),
});
