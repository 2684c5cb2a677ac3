import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { describe, expect, inject, it } from "vitest";
import { allPages } from "../../shared/src/privacy/delete-items.ts";
import { createBatchLoader } from "../../shared/src/table/batch-get.ts";
import { testTable } from "./privacy-fixtures.ts";

/**
 * The privacy job reads a user's partition once per export for every provider's questions
 * (`createBatchLoader().query`): what each question gets must be what its own Query returns.
 */
describe("a folded read of a user's partition", () => {
  it("returns each entity the items its separate Query returns, in one Query", async () => {
    const { client, table } = testTable();
    const e = table.entities;
    const userId = `fold-${ulid()}`;
    const now = new Date().toISOString();
    const session = (n: number) => ({
      userId,
      sessionId: ulid(),
      originJti: `jti-${n}`,
      sealedRefreshToken: "sealed",
      refreshTokenHash: `hash-${userId}-${n}`,
      ip: "203.0.113.1",
      userAgent: "test",
      createdAt: now,
      lastUsedAt: now,
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
    });
    await Promise.all([
      e.user
        .put({
          userId,
          cognitoUsername: userId,
          email: `${userId}@example.com`,
          fullName: "Fold Person",
          locale: "en" as const,
          emailVerified: true,
          createdAt: now,
          updatedAt: now,
        })
        .go(),
      e.userSession.put([session(1), session(2)]).go(),
      e.securityActivity
        .put(
          [1, 2, 3].map((n) => ({
            userId,
            activityId: ulid(),
            type: `t${n}`,
            at: now,
            ip: "203.0.113.1",
            userAgent: "test",
          })),
        )
        .go(),
      e.externalIdentity.put({ userId, provider: "google", subject: "sub-1", linkedAt: now }).go(),
      e.phoneCode
        .put({
          userId,
          purpose: "verify" as const,
          number: "+48600100200",
          codeHash: "h",
          codeSalt: "s",
          issuedAt: Date.now(),
          validUntil: Date.now() + 60_000,
          attempts: 0,
          expiresAt: Math.floor(Date.now() / 1000) + 3600,
        })
        .go(),
      e.policyDecision
        .put({ userId, policyId: "terms", version: 1, decision: "accept" as const, decidedAt: now, decisionId: ulid() })
        .go(),
      e.policyDecisionLog
        .put({ userId, policyId: "terms", decisionId: ulid(), version: 1, decision: "accept" as const, decidedAt: now })
        .go(),
      e.privacyRequestRef
        .put(["r1", "r2"].map((requestId) => ({ userId, requestId, kind: "export" as const, createdAt: now })))
        .go(),
      e.privacyRestriction.put({ userId, scope: "marketing" as const, requestId: "r3", since: now }).go(),
      e.privacyGuard.put({ userId, purpose: "erasure" as const, requestId: "r4" }).go(),
      e.notifyRestriction.put({ userId, scope: "marketing" as const, since: now }).go(),
      e.recipient
        .put({ userId, email: `${userId}@example.com`, fullName: "Fold Person", locale: "en" as const, updatedAt: now })
        .go(),
    ]);

    let queries = 0;
    const counting = {
      send: (command: never) => {
        queries += 1;
        return client.send(command);
      },
    } as unknown as DynamoDBDocumentClient;
    const folded = createBatchLoader(counting, inject("resources").tableName);
    const [sessions, activity, identities, codes, log, refs, restrictions, notifyRestrictions] = await Promise.all([
      folded.query(e.userSession, e.userSession.query.byUser({ userId })),
      folded.query(e.securityActivity, e.securityActivity.query.byUser({ userId }), { order: "desc" }),
      folded.query(e.externalIdentity, e.externalIdentity.query.byUser({ userId })),
      folded.query(e.phoneCode, e.phoneCode.query.byUser({ userId })),
      folded.query(e.policyDecisionLog, e.policyDecisionLog.query.byUser({ userId })),
      folded.query(e.privacyRequestRef, e.privacyRequestRef.query.byUser({ userId })),
      folded.query(e.privacyRestriction, e.privacyRestriction.query.byUser({ userId })),
      folded.query(e.notifyRestriction, e.notifyRestriction.query.byUser({ userId })),
    ]);
    expect(queries).toBe(1);

    const separately = allPages;
    expect(sessions).toEqual(await separately((cursor) => e.userSession.query.byUser({ userId }).go({ cursor })));
    expect(sessions).toHaveLength(2);
    const newestFirst = await separately((cursor) =>
      e.securityActivity.query.byUser({ userId }).go({ cursor, order: "desc" }),
    );
    expect(activity).toEqual(newestFirst);
    expect(activity).toHaveLength(3);
    expect(identities).toEqual(
      await separately((cursor) => e.externalIdentity.query.byUser({ userId }).go({ cursor })),
    );
    expect(codes).toEqual(await separately((cursor) => e.phoneCode.query.byUser({ userId }).go({ cursor })));
    expect(log).toEqual(await separately((cursor) => e.policyDecisionLog.query.byUser({ userId }).go({ cursor })));
    expect(log).toHaveLength(1);
    expect(refs).toEqual(await separately((cursor) => e.privacyRequestRef.query.byUser({ userId }).go({ cursor })));
    expect(refs).toHaveLength(2);
    expect(restrictions).toEqual(
      await separately((cursor) => e.privacyRestriction.query.byUser({ userId }).go({ cursor })),
    );
    expect(restrictions).toHaveLength(1);
    expect(notifyRestrictions).toEqual(
      await separately((cursor) => e.notifyRestriction.query.byUser({ userId }).go({ cursor })),
    );
    expect(notifyRestrictions).toHaveLength(1);
  });
});
