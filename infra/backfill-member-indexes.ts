import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createDocumentClient } from "../shared/src/aws/clients.ts";
import { runIndexKeyBackfill } from "../shared/src/table/backfill/index-key-backfill.ts";
import { memberIndexKeys } from "../shared/src/table/backfill/member-index-keys.ts";
import { userHoldingIndexKeys } from "../shared/src/table/backfill/user-holding-index-keys.ts";

const USAGE =
  "Usage: npm run backfill:member-indexes -- --table <table name> [--region <region>] [--segments <1-1000>]";

export interface BackfillArguments {
  table: string;
  /** @default the SDK's own (AWS_REGION, the profile) */
  region?: string;
  /** Parallel Scan segments. @default 4 */
  segments: number;
}

/** The command's arguments; throws an error that says how to call it when they are wrong. */
export const parseBackfillArguments = (argv: string[]): BackfillArguments => {
  const refuse = (why: string) => new Error(`${why}\n${USAGE}`);
  let values: { table?: string; region?: string; segments?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { table: { type: "string" }, region: { type: "string" }, segments: { type: "string" } },
      strict: true,
    }));
  } catch (error) {
    throw refuse((error as Error).message);
  }
  if (!values.table) throw refuse("--table is required.");
  const segments = Number(values.segments ?? "4");
  if (!Number.isInteger(segments) || segments < 1 || segments > 1000) {
    throw refuse("--segments is a whole number from 1 to 1000.");
  }
  return { table: values.table, segments, ...(values.region ? { region: values.region } : {}) };
};

/**
 * `npm run backfill:member-indexes`: writes the index keys a stage's table lacks on a member's
 * items from before those indexes, in one Scan: the `membersByRole`/`membersByStatus` keys of
 * memberships and the `byUser` keys of sub-account grants and resource access. Prints the counts. The
 * endpoint is the SDK's: AWS, or DynamoDB Local when `AWS_ENDPOINT_URL_DYNAMODB` points there
 * (as the local runtime sets it).
 */
const main = async () => {
  const options = parseBackfillArguments(process.argv.slice(2));
  const client = createDocumentClient(new DynamoDBClient(options.region ? { region: options.region } : {}));
  const counts = await runIndexKeyBackfill({
    client,
    tableName: options.table,
    backfill: [memberIndexKeys(), ...userHoldingIndexKeys()],
    segments: options.segments,
  });
  console.log(JSON.stringify(counts, null, 2));
};

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`The member index backfill failed: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
