import { randomUUID } from "node:crypto";
import { ulid } from "ulid";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { tableAccessFacts } from "../../services/accounts/src/adapters/dynamodb/access-facts.ts";
import { tableAccountStore } from "../../services/accounts/src/adapters/dynamodb/account-store.ts";
import { tableHierarchyStore } from "../../services/accounts/src/adapters/dynamodb/hierarchy-store.ts";
import { tableIdentityDirectory } from "../../services/accounts/src/adapters/dynamodb/identity-directory.ts";
import { tableInvitationStore } from "../../services/accounts/src/adapters/dynamodb/invitation-store.ts";
import { tableMemberStore } from "../../services/accounts/src/adapters/dynamodb/member-store.ts";
import { tableResourceStore } from "../../services/accounts/src/adapters/dynamodb/resource-store.ts";
import type { AccountsDependencies, Caller } from "../../services/accounts/src/use-cases/dependencies.ts";
import { acceptInvitation } from "../../services/accounts/src/use-cases/invitations/accept-invitation.ts";
import { createInvitation } from "../../services/accounts/src/use-cases/invitations/invite-member.ts";
import { previewInvitation } from "../../services/accounts/src/use-cases/invitations/preview-invitation.ts";
import { regenerateInvitation } from "../../services/accounts/src/use-cases/invitations/regenerate-invitation.ts";
import { measureDynamoDbUsage, onDynamoDbUsage } from "../../shared/src/observability/dynamodb-usage.ts";
import { tableRateLimiter } from "../../shared/src/rate-limit/fixed-window-limiter.ts";
import { registerVerifiedUser, type TestUser, uniqueEmail } from "../harness/api.ts";
import { testTable } from "./privacy-fixtures.ts";

/**
 * The DynamoDB calls each invitation step costs (SPEC 6.8), counted on the real adapters against
 * DynamoDB Local. Keys that can be derived are read together in one BatchGetItem; the writes are
 * one transaction. Cognito and the sealer are fakes here: they are not DynamoDB calls.
 */
describe("invitation round trips", () => {
  const { client, table } = testTable();
  const { tableName } = inject("resources");
  const accounts = tableAccountStore(table, client, tableName);
  const members = tableMemberStore(table);
  const resources = tableResourceStore(table, client, tableName);
  const deps = {
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
  const meta = { requestId: "rt", ip: "127.0.0.1", userAgent: "round-trips" };
  let owner: TestUser;
  let caller: Caller;

  beforeAll(async () => {
    owner = await registerVerifiedUser({ fullName: "Rita Roundtrip" });
    caller = {
      auth: { userId: owner.userId, cognitoUsername: owner.userId, groups: [], isPlatformAdmin: false },
      meta,
    };
  });

  /** What `work` returned and the DynamoDB operations it sent, in order. */
  const measured = async <T>(work: () => Promise<T>) => {
    const label = `invitation-rt-${randomUUID()}`;
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
  const tokenOf = (link: string) => new URL(link).searchParams.get("token") as string;
  const invite = (email: string) =>
    createInvitation(deps, caller, owner.accountId, { email, role: "standard" }) as Promise<{
      invitationId: string;
      link: string;
    }>;

  it("invites in five calls: access, two rate limits, the people in one batch, one transaction", async () => {
    const { value, operations } = await measured(() => invite(uniqueEmail("rt-invite")));
    expect(value?.link).toContain("token=");
    expect(operations).toHaveLength(5);
    expect(operations.filter((op) => op.startsWith("TransactWrite"))).toHaveLength(1);
  });

  it("previews a link in three: the link, invitation with account, the people", async () => {
    const invited = await invite(uniqueEmail("rt-preview"));
    const { value, operations } = await measured(() => previewInvitation(deps, tokenOf(invited.link)));
    expect(value?.status).toBe("pending");
    expect(operations).toHaveLength(3);
    const unknown = await measured(() => previewInvitation(deps, "x".repeat(43)));
    expect(unknown.error).toMatchObject({ status: 410 });
    expect(unknown.operations).toHaveLength(1);
  });

  it("regenerates in four: access, the invitation, the people, one transaction", async () => {
    const invited = await invite(uniqueEmail("rt-regenerate"));
    const { value, operations } = await measured(() =>
      regenerateInvitation(deps, caller, owner.accountId, invited.invitationId),
    );
    expect(value?.link).not.toBe(invited.link);
    expect(operations).toHaveLength(4);
  });

  it("accepts as a new user in four and as a signed-in user in three", async () => {
    const invited = await invite(uniqueEmail("rt-new"));
    const fresh = await measured(() =>
      acceptInvitation(
        deps,
        tokenOf(invited.link),
        { password: "Correct-Horse-Battery-9" },
        { authorization: undefined, meta },
      ),
    );
    expect(fresh.error).toBeUndefined();
    expect(fresh.operations).toHaveLength(4);

    const existing = await registerVerifiedUser();
    const invitedExisting = await invite(existing.email);
    const signedIn = await measured(() =>
      acceptInvitation(deps, tokenOf(invitedExisting.link), undefined, {
        authorization: `as:${existing.userId}`,
        meta,
      }),
    );
    expect(signedIn.error).toBeUndefined();
    expect(signedIn.operations).toHaveLength(3);
  });
});
