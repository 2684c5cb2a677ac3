import { describe, expect, it } from "vitest";
import { type LinkTokenRecord, LinkUnusable, type UserProfile } from "../../services/users/src/ports/user-store.ts";
import type { UsersDependencies } from "../../services/users/src/use-cases/dependencies.ts";
import { verifyEmail } from "../../services/users/src/use-cases/email-verification/verify-email.ts";
import { revokeSession } from "../../services/users/src/use-cases/sessions/revoke-session.ts";
import type { AuthContext } from "../../shared/src/auth/auth-context.ts";
import { issueLink } from "../../shared/src/crypto/link-token.ts";

const NOW = new Date("2026-03-10T12:00:00Z");

const profile: UserProfile = {
  userId: "u1",
  cognitoUsername: "c1",
  email: "ann@example.com",
  fullName: "Ann",
  locale: "en",
  emailVerified: false,
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
};

/** An in-memory link store with the table's rule: a token is spent once, only before it lapses, for its purpose. */
const linkStore = (now: () => Date) => {
  const links = new Map<string, LinkTokenRecord & { usedAt?: string }>();
  const verified: string[] = [];
  return {
    links,
    verified,
    store: {
      async findLinkToken(tokenHash: string) {
        return links.get(tokenHash);
      },
      async getProfile(userId: string) {
        return userId === profile.userId ? profile : undefined;
      },
      async useLinkToken(input: { tokenHash: string; purpose: string; now: Date; markEmailVerified?: string }) {
        const link = links.get(input.tokenHash);
        if (!link || link.usedAt || link.purpose !== input.purpose || link.expiresAt <= input.now.getTime() / 1000) {
          throw new LinkUnusable();
        }
        link.usedAt = now().toISOString();
        if (input.markEmailVerified) verified.push(input.markEmailVerified);
      },
    },
  };
};

const setup = (clock = { now: NOW }) => {
  const fake = linkStore(() => clock.now);
  const deps = {
    store: fake.store,
    identity: { markEmailVerified: async () => undefined },
    now: () => clock.now,
  } as unknown as UsersDependencies;
  const issue = (purpose: LinkTokenRecord["purpose"], ttlMs = 3600_000) => {
    const link = issueLink({ now: clock.now, ttlMs });
    fake.links.set(link.tokenHash, { userId: "u1", purpose, expiresAt: link.expiresAtSeconds });
    return link.token;
  };
  return { deps, issue, clock, verified: fake.verified };
};

describe("email verification links (fake store and clock)", () => {
  it("verify the address once; the same link a second time is gone", async () => {
    const { deps, issue, verified } = setup();
    const token = issue("email-verification");
    await verifyEmail(deps, token);
    expect(verified).toEqual(["u1"]);
    await expect(verifyEmail(deps, token)).rejects.toMatchObject({ status: 410, code: "link_unusable" });
  });

  it("an expired link is gone and verifies nothing", async () => {
    const clock = { now: NOW };
    const { deps, issue, verified } = setup(clock);
    const token = issue("email-verification", 60_000);
    clock.now = new Date(NOW.getTime() + 61_000);
    await expect(verifyEmail(deps, token)).rejects.toMatchObject({ status: 410, code: "link_unusable" });
    expect(verified).toEqual([]);
  });

  it("a password-reset link does not verify an address, and an unknown token looks the same", async () => {
    const { deps, issue } = setup();
    const reset = issue("password-reset");
    await expect(verifyEmail(deps, reset)).rejects.toMatchObject({ status: 410, code: "link_unusable" });
    await expect(verifyEmail(deps, "no-such-token")).rejects.toMatchObject({ status: 410, code: "link_unusable" });
  });
});

describe("revoking a session (fake store)", () => {
  const setupSessions = () => {
    const ended: string[] = [];
    const revoked: string[] = [];
    const activity: string[] = [];
    const sessions = [
      { userId: "u1", sessionId: "S1", sealedRefreshToken: "sealed-r1" },
      { userId: "u2", sessionId: "S2", sealedRefreshToken: "sealed-r2" },
    ];
    const deps = {
      sessions: {
        // The store writes the activity entry with the ending (one transaction), only when a session ended.
        async end(userId: string, sessionId: string, entry?: { type: string }) {
          const index = sessions.findIndex((s) => s.userId === userId && s.sessionId === sessionId);
          if (index < 0) return undefined;
          ended.push(sessionId);
          if (entry) activity.push(entry.type);
          return sessions.splice(index, 1)[0];
        },
      },
      sealer: { open: async (sealed: string) => sealed.replace(/^sealed-/, "") },
      identity: { revoke: async (token: string) => void revoked.push(token) },
      activity: { record: async (entry: { type: string }) => void activity.push(entry.type) },
      now: () => NOW,
    } as unknown as UsersDependencies;
    return { deps, ended, revoked, activity };
  };
  const client = { ip: "10.0.0.1", userAgent: "ua" };

  it("ends the caller's own session and revokes its refresh token at the identity provider", async () => {
    const { deps, ended, revoked, activity } = setupSessions();
    await revokeSession(deps, { userId: "u1" } as AuthContext, "S1", client);
    expect({ ended, revoked, activity }).toEqual({ ended: ["S1"], revoked: ["r1"], activity: ["session_revoked"] });
  });

  it("someone else's session is a 404 and stays", async () => {
    const { deps, ended, revoked } = setupSessions();
    await expect(revokeSession(deps, { userId: "u1" } as AuthContext, "S2", client)).rejects.toMatchObject({
      status: 404,
    });
    expect({ ended, revoked }).toEqual({ ended: [], revoked: [] });
  });
});
