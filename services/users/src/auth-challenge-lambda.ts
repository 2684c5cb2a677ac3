import { createDocumentClient } from "../../../shared/src/aws/clients.ts";
import { onFirstUse } from "../../../shared/src/cold-start/on-first-use.ts";
import { requiredVariables } from "../../../shared/src/config/parse-config.ts";
import { createTableService } from "../../../shared/src/table/entities.ts";
import { tableExternalIdentities } from "./adapters/table-external-identities.ts";
import { createAuthChallengeHandler } from "./triggers/auth-challenge.ts";

/** The triggers need only the table: the user pool they belong to cannot be in their environment (a cycle). */
const config = requiredVariables(["TABLE_NAME"]);

// Of the four triggers of a sign-in (define, create, verify, define) only verify reads the table:
// its client is made by the first verify (once per cold start), not by every cold start.
const proofs = onFirstUse(() => tableExternalIdentities(createTableService(createDocumentClient(), config.TABLE_NAME)));

export const handler = createAuthChallengeHandler({
  proofs: { spendProof: (...proof) => proofs().spendProof(...proof) },
  now: () => new Date(),
});
