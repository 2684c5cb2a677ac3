import { randomUUID } from "node:crypto";
import { ulid } from "ulid";
import { inject } from "vitest";
import { tableAccessFacts } from "../../services/accounts/src/adapters/dynamodb/access-facts.ts";
import { tableAccountStore } from "../../services/accounts/src/adapters/dynamodb/account-store.ts";
import { tableHierarchyStore } from "../../services/accounts/src/adapters/dynamodb/hierarchy-store.ts";
import { tableIdentityDirectory } from "../../services/accounts/src/adapters/dynamodb/identity-directory.ts";
import { tableInvitationStore } from "../../services/accounts/src/adapters/dynamodb/invitation-store.ts";
import { tableMemberStore } from "../../services/accounts/src/adapters/dynamodb/member-store.ts";
import { tableResourceStore } from "../../services/accounts/src/adapters/dynamodb/resource-store.ts";
import type { AccountsDependencies, Caller } from "../../services/accounts/src/use-cases/dependencies.ts";
import { measureDynamoDbUsage, onDynamoDbUsage } from "../../shared/src/observability/dynamodb-usage.ts";
import { tableRateLimiter } from "../../shared/src/rate-limit/fixed-window-limiter.ts";
import { testTable } from "./privacy-fixtures.ts";

/**
 * The accounts use cases on the real DynamoDB adapters against DynamoDB Local, for counting their
 * calls. Cognito and the sealer are fakes here: they are not DynamoDB calls.
 */
export const accountsOnTable = () => {
  const { client, table } = testTable();
  const { tableName } = inject("resources");
  const accounts = tableAccountStore(table, client, tableName);
  const members = tableMemberStore(table, client, tableName);
  const resources = tableResourceStore(table, client, tableName);
  return {
    accounts,
    members,
    resources,
    hierarchy: tableHierarchyStore(table),
    access: tableAccessFacts(table, client, tableName, { accounts, members, resources }),
    identities: tableIdentityDirectory(table),
    invitations: tableInvitationStore(table, client, tableName),
    rateLimiter: tableRateLimiter(table),
    // A bearer token "as:<userId>" stands for that user signed in.
    verifyAccessToken: async (token: string) =>
      token.startsWith("as:") ? { sub: token.slice(3), username: token.slice(3), token_use: "access" } : undefined,
    identity: {
      createUser: async () => ({ userId: randomUUID() }),
      deleteUser: async () => undefined,
      markEmailVerified: async () => undefined,
    },
    sealer: { seal: async (secret: string) => `sealed:${secret}`, open: async (sealed: string) => sealed.slice(7) },
    config: {
      APP_BASE_URL: "https://app.example.test",
      INVITATION_TTL_DAYS: 7,
      INVITATIONS_PER_ACCOUNT_PER_HOUR: 1000,
      INVITATIONS_PER_INVITER_PER_HOUR: 1000,
    },
    metrics: { count: () => undefined, record: () => undefined },
    now: () => new Date(),
    newId: () => ulid(),
  } as unknown as AccountsDependencies;
};

export const roundTripMeta = { requestId: "rt", ip: "127.0.0.1", userAgent: "round-trips" };

/** A signed-in user as the use cases see them. */
export const callerOf = (userId: string): Caller => ({
  auth: { userId, cognitoUsername: userId, groups: [], isPlatformAdmin: false },
  meta: roundTripMeta,
});

/** What `work` returned (or threw) and the DynamoDB operations it sent, in order. */
export const measured = async <T>(work: () => Promise<T>) => {
  const label = `accounts-rt-${randomUUID()}`;
  const operations: string[] = [];
  const stop = onDynamoDbUsage((l, usage) => {
    if (l === label) operations.push(...usage.operations);
  });
  try {
    const result = await measureDynamoDbUsage(label, work).then(
      (value) => ({ value, error: undefined }),
      (error: unknown) => ({ value: undefined, error }),
    );
    return { ...result, operations };
  } finally {
    stop();
  }
};

/** The secret token of an invitation link. */
export const tokenOf = (link: string) => new URL(link).searchParams.get("token") as string;
